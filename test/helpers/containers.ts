/**
 * Whether this machine can run the sync-mock image for the Testcontainers tests, and if not, why: those tests are
 * skipped with that reason (never passed without running). CI prepares an engine with scripts/podman-service.sh
 * and the image with scripts/container-image.sh.
 */
import { getContainerRuntimeClient, ImageName } from "testcontainers";

const HOW = 'build the image with `bash scripts/container-image.sh` and start an engine with `eval "$(bash scripts/podman-service.sh start)"`';

/** Why the image cannot be run here, or undefined when it can. Asks the engine Testcontainers would find. */
export async function containerSkipReason(image: string): Promise<string | undefined> {
  // Set by .ci/run from podman-service.sh's SKIP line: its probe already ran a container, and said why it failed.
  const known = process.env["SYNC_MOCK_CONTAINERS_SKIP"];
  if (known) return known;
  let client: Awaited<ReturnType<typeof getContainerRuntimeClient>>;
  try {
    client = await getContainerRuntimeClient();
  } catch (error) {
    return `no container engine (${(error as Error).message.split("\n")[0]}; DOCKER_HOST=${process.env["DOCKER_HOST"] ?? "unset"}): ${HOW}`;
  }
  const missing = `the image ${image} is not in the engine at ${process.env["DOCKER_HOST"] ?? client.info.containerRuntime.host}: ${HOW}`;
  try {
    if (!(await client.image.exists(ImageName.fromString(image)))) return missing;
  } catch (error) {
    // Podman's Docker API says "image not known" where Docker says "No such image", which Testcontainers expects.
    if ((error as { statusCode?: number }).statusCode === 404) return missing;
    return `the engine could not be asked for ${image}: ${(error as Error).message}`;
  }
  return undefined;
}

/** A describe title that carries the skip reason, so that reporters listing skipped tests show it. */
export function titled(title: string, reason: string | undefined): string {
  if (reason) console.warn(`SKIPPED ${title}: ${reason}`);
  return reason ? `${title} (skipped: ${reason})` : title;
}
