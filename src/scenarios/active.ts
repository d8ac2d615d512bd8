/**
 * Which scenario is in force: the one the server started with, possibly replaced through the admin plane, and
 * the library of named scenarios a request can pick with the `x-mock-scenario` header.
 */
import type { Scenario } from "./scenario.schema.js";

/** The scenarios of one mock. */
export class Scenarios {
  #active: Scenario;

  constructor(
    /** The scenario the server started with (a full reset goes back to it). */
    readonly initial: Scenario,
    /** Named scenarios for the `x-mock-scenario` header. */
    readonly library: ReadonlyMap<string, Scenario> = new Map(),
  ) {
    this.#active = initial;
  }

  /** The scenario of requests without a header or a per-key override. */
  active(): Scenario {
    return this.#active;
  }

  /** Puts another scenario in force for everyone. */
  replace(scenario: Scenario): void {
    this.#active = scenario;
  }

  /** Goes back to the start-up scenario. */
  restore(): void {
    this.#active = this.initial;
  }

  /** A scenario by name: the library's, or the active or initial one when named so. */
  named(name: string): Scenario | undefined {
    if (this.#active.name === name) return this.#active;
    return this.library.get(name) ?? (this.initial.name === name ? this.initial : undefined);
  }

  /** Every name a request may use. */
  names(): string[] {
    return [...new Set([this.#active.name, this.initial.name, ...this.library.keys()])].sort();
  }
}
