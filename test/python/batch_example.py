"""A stand-in for Sync's published batch example (synchronicity-labs/sync-examples, batch-processing/python/main.py
at d552e30), written from its description in the facts sheet (§12) and behaving the same way:

    python batch_example.py --input-file input.jsonl [--monitor]
    python batch_example.py --input-file input.jsonl --dry-run
    python batch_example.py --batch-id ID --monitor

The one difference: the example builds `Sync()`, which always targets https://api.sync.so (the SDK has no
environment variable for the base URL); this script passes `base_url=$SYNC_BASE_URL` when it is set. The API key
comes from SYNC_API_KEY, read by the SDK when it is imported, as in the example.
"""

import argparse
import os
import sys
import time

import requests
from sync import Sync

sync = Sync(base_url=os.environ.get("SYNC_BASE_URL") or None)

POLL_SECONDS = 60


def create_batch(input_file, dry_run=False):
    """POST /v2/batch with the file (and dry_run); the batch id, or None after printing what went wrong."""
    try:
        batch_response = sync.batch.create(input=open(input_file, "rb"), dry_run=dry_run)
    except Exception as e:  # the example reports any failure the same way
        print(f"Error creating batch: {e}")
        return None
    if dry_run:
        print(f"Dry run validation status: {batch_response.status}")
        return None
    print(f"Successfully created batch {batch_response.id}")
    return batch_response.id


def poll_batch_job(batch_id):
    """GET the batch until COMPLETED or FAILED, then save its result file (fetched without a key)."""
    batch_response = sync.batch.get(batch_id)
    batch_status = batch_response.status
    while True:
        if batch_status == "COMPLETED" or batch_status == "FAILED":
            break
        batch_response = sync.batch.get(batch_id)
        batch_status = batch_response.status
        print(f"Batch status: {batch_status}, metrics: {batch_response.metrics}")
        time.sleep(POLL_SECONDS)
    output_url = batch_response.output_url
    if output_url:
        output_path = "output.jsonl"
        response = requests.get(output_url)
        with open(output_path, "wb") as f:
            f.write(response.content)
    # As in the example, output_path is unbound (NameError) when the batch has no outputUrl.
    if batch_status == "COMPLETED":
        print(f"Batch job {batch_id} completed! Result saved to {output_path}")
    else:
        print(f"Batch job {batch_id} failed. Result saved to {output_path}")


def main():
    parser = argparse.ArgumentParser(description="Create and optionally monitor batch processing jobs")
    parser.add_argument("--input-file")
    parser.add_argument("--monitor", action="store_true", default=False)
    parser.add_argument("--batch-id")
    parser.add_argument("--dry-run", action="store_true", default=False)
    args = parser.parse_args()

    if args.batch_id:
        if not args.monitor:
            parser.error("--batch-id requires --monitor flag to be specified")
        if args.dry_run:
            parser.error("--dry-run cannot be used with --batch-id")
    elif not args.input_file:
        parser.error("--input-file is required when not using --batch-id")

    if args.batch_id:
        print(f"Monitoring existing batch with ID: {args.batch_id}")
        poll_batch_job(args.batch_id)
        return
    batch_id = create_batch(args.input_file, dry_run=args.dry_run)
    if args.dry_run:
        print("Validation complete. No batch was created.")
        return
    if batch_id is None:
        print("Failed to create batch")
        sys.exit(1)
    if args.monitor:
        poll_batch_job(batch_id)
    else:
        print(f"Batch {batch_id} created. Run `python main.py --batch-id {batch_id} --monitor` to monitor it")


if __name__ == "__main__":
    main()
