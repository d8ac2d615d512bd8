/**
 * A structural check that bytes are an MP4 a player can open: top-level boxes that tile the file exactly,
 * starting with `ftyp` and including `moov` (the index) and `mdat` (the media).
 */
export function mp4Boxes(bytes: Buffer): string[] {
  const boxes: string[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
    if (size < 8 || offset + size > bytes.length) throw new Error(`box ${type} at ${offset} has a bad size ${size}`);
    boxes.push(type);
    offset += size;
  }
  if (offset !== bytes.length) throw new Error(`trailing ${bytes.length - offset} bytes`);
  return boxes;
}

/** Whether bytes look like a playable MP4. */
export function isPlayableMp4(bytes: Buffer): boolean {
  const boxes = mp4Boxes(bytes);
  return boxes[0] === "ftyp" && boxes.includes("moov") && boxes.includes("mdat");
}
