/**
 * Jobs: generations and batches with their status on the key's clock and the timeline they follow; a click
 * shows one, with its MP4 playing in the page or its batch result file linked. Reloaded when a request, clock
 * move, scenario change or reset may have changed them, and every second while a job on a real clock runs.
 */
import { useEffect, useState } from "preact/hooks";
import { admin, type Job } from "../api.js";
import { clockTime, offset, shortId, statusClass } from "../format.js";
import { useLiveReload } from "../live.js";

const ACTIVE = new Set(["PENDING", "PROCESSING", "JOBS_CREATED"]);

/** The timeline as steps with their time from creation, the one in force marked. */
export function Timeline({ job }: { job: Job }) {
  return (
    <ol class="timeline" aria-label={`Timeline of ${job.id}`}>
      {job.timeline.map((step) => {
        const reached = step.at !== null && step.at <= job.now;
        return (
          <li class={step.status === job.status ? "now" : reached ? "done" : "later"}>
            <span class="step">{step.status}</span> <span class="when">{offset(job.createdAt, step.at)}</span>
          </li>
        );
      })}
    </ol>
  );
}

function JobDetail({ job, onClose }: { job: Job; onClose: () => void }) {
  return (
    <section class="detail" aria-label="Job detail">
      <h2>
        {job.kind === "batch" ? "Batch" : "Generation"} {job.id}
      </h2>
      <button type="button" onClick={onClose}>
        Close
      </button>
      <p>
        Key <code>{job.tenant}</code> · {job.model ?? ""} · created {clockTime(job.createdAt)} · key time {clockTime(job.now)}
        {job.progression === "polls" ? " · moves one step per poll" : ""}
        {job.rule ? ` · rule ${job.rule}` : ""}
      </p>
      <Timeline job={job} />
      {job.errorCode && (
        <p class="error-code">
          <strong>{job.errorCode}</strong> {job.error}
        </p>
      )}
      {job.metrics && (
        <p>
          {job.metrics.total_generations} items: {job.metrics.success_count} completed, {job.metrics.failed_count} failed, {job.metrics.pending_count} pending
        </p>
      )}
      {job.kind === "generation" && job.outputUrl && (
        <video class="output" controls preload="metadata" src={job.outputUrl} aria-label={`Output of ${job.id}`}>
          <track kind="captions" />
        </video>
      )}
      {job.outputUrl && (
        <p>
          <a href={job.outputUrl} target="_blank" rel="noreferrer">
            {job.kind === "batch" ? "Result file (JSONL)" : "Output MP4"}
          </a>
        </p>
      )}
      {job.webhookUrl && (
        <p>
          Webhook: <code>{job.webhookUrl}</code>
        </p>
      )}
    </section>
  );
}

/** The jobs of one key (or all) as a table; `compact` leaves out what the clock view does not need. */
export function JobsTable({ apiKey, compact = false }: { apiKey: string | undefined; compact?: boolean }) {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const [clock, setClock] = useState<"real" | "manual">("manual");
  const load = async () => setJobs((await admin<{ items: Job[] }>("/jobs", { key: apiKey })).items);
  useEffect(() => void load(), [apiKey]);
  useEffect(() => void admin<{ mode: "real" | "manual" }>("/clock").then((c) => setClock(c.mode)), []);
  useLiveReload(["request", "clock", "scenario", "reset"], load);
  // On a real clock nothing announces that a job moved: while one runs, look again every second.
  const running = clock === "real" && jobs.some((job) => ACTIVE.has(job.status));
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => void load(), 1000);
    return () => window.clearInterval(timer);
  }, [running, apiKey]);
  const shown = jobs.find((job) => job.id === selected);

  return (
    <>
      {shown && <JobDetail job={shown} onClose={() => setSelected(undefined)} />}
      <table class="list jobs">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Status</th>
            {!compact && <th scope="col">Key</th>}
            <th scope="col">Created</th>
            <th scope="col">Timeline</th>
            <th scope="col">Error</th>
            <th scope="col">Output</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} data-job={job.id} class={selected === job.id ? "selected" : undefined}>
              <td>
                <button type="button" class="link" title={job.id} onClick={() => setSelected(job.id)}>
                  {job.kind === "batch" ? "batch " : ""}
                  {shortId(job.id)}
                </button>
              </td>
              <td>
                <span class={`badge ${statusClass(job.status)}`}>{job.status}</span>
              </td>
              {!compact && <td>{job.tenant}</td>}
              <td>{clockTime(job.createdAt)}</td>
              <td>
                <Timeline job={job} />
              </td>
              <td>{job.errorCode ?? ""}</td>
              <td>
                {job.outputUrl ? (
                  <a href={job.outputUrl} target="_blank" rel="noreferrer">
                    {job.kind === "batch" ? "results" : "MP4"}
                  </a>
                ) : (
                  ""
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {jobs.length === 0 && <p>No jobs yet.</p>}
    </>
  );
}

export function JobsView({ apiKey }: { apiKey: string | undefined }) {
  return (
    <section aria-labelledby="jobs-title">
      <h2 id="jobs-title">Jobs</h2>
      <JobsTable apiKey={apiKey} />
    </section>
  );
}
