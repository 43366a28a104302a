/**
 * Which policy applies to a document, for the language server: the `paddedCell.policyFile`
 * setting when set, else the nearest `padded-cell.toml` / `pyproject.toml` above the file, else
 * the preset the settings name. Loading and validation are the policy loader's
 * (`policy/file/`); this class adds what a long-running process needs: caches (a directory's
 * policy file is looked up once, a policy file parsed once), invalidation when a watched policy
 * file changes, and the last good policy of each file (a broken edit never disables checking).
 */
import * as path from 'node:path';
import { loadPolicyFile, type PolicyFileRef } from '../policy/file/search';
import type { PolicyError } from '../policy/file/load';
import { defaultPolicy } from '../policy/file/load';
import type { Policy } from '../policy/types';

export interface EffectivePolicy {
  policy: Policy;
  /** Absolute path of the policy file in force; absent when a preset applies. */
  file?: string;
  /** Errors in that file (its last good policy, or the preset, is in force meanwhile). */
  errors?: number;
}

export interface PolicyResolverOptions {
  /** The preset of files without a policy file, and of policy files without `extends`. */
  preset: string;
  /** Absolute path from `paddedCell.policyFile`; empty to look for the nearest file. */
  policyFile: string;
}

/**
 * Where policy files come from: the disk in Node (policy/file/discover.ts), the client's
 * `vscode.workspace.fs` in a browser (web/clientFiles.ts). Both answer synchronously; a browser
 * fetches ahead of use.
 */
export interface PolicyFileSource {
  /** The policy file for files in `directory`: the nearest one in it or above it, if any. */
  find(directory: string): PolicyFileRef | undefined;
  /** A policy file named by the user (`paddedCell.policyFile`); a ref with `readError` when it cannot be read. */
  read(file: string): PolicyFileRef;
}

/** Told the errors of each policy file it loads (empty: the file is fine now). */
export type PolicyErrorSink = (file: string, errors: readonly PolicyError[]) => void;

interface Loaded {
  policy: Policy;
  errors: readonly PolicyError[];
}

export class PolicyResolver {
  private options: PolicyResolverOptions = { preset: 'strict', policyFile: '' };
  /** Folder → the policy file that applies to files in it (null: none). */
  private readonly fileOfDirectory = new Map<string, string | null>();
  private readonly loaded = new Map<string, Loaded>();
  private readonly lastGood = new Map<string, Policy>();
  private presetPolicy: Policy | undefined;

  constructor(
    private readonly onErrors: PolicyErrorSink,
    private readonly files: PolicyFileSource,
  ) {}

  /** Returns whether anything changed (then every policy is loaded afresh when next needed). */
  configure(options: PolicyResolverOptions): boolean {
    if (options.preset === this.options.preset && options.policyFile === this.options.policyFile) return false;
    this.options = { ...options };
    this.presetPolicy = undefined;
    this.fileOfDirectory.clear();
    // Files without `extends` start from the preset, so every loaded policy may change.
    this.loaded.clear();
    return true;
  }

  /** The policy of a file on disk (`fsPath`), or of a document with no path (untitled, virtual): the preset. */
  forPath(fsPath: string | undefined): EffectivePolicy {
    if (this.options.policyFile) return this.load(this.options.policyFile, () => this.files.read(this.options.policyFile));
    if (fsPath === undefined) return { policy: this.preset() };
    const directory = path.dirname(path.resolve(fsPath));
    let file = this.fileOfDirectory.get(directory);
    let ref: PolicyFileRef | undefined;
    if (file === undefined) {
      ref = this.files.find(directory);
      file = ref?.path ?? null;
      this.fileOfDirectory.set(directory, file);
    }
    if (file === null) return { policy: this.preset() };
    return this.load(file, () => ref ?? this.files.read(file));
  }

  /**
   * A policy file was created, changed or deleted. Every folder's lookup is redone (a new file
   * can take over folders below it), and the file is read again when next needed.
   */
  invalidate(file: string, deleted: boolean): void {
    this.fileOfDirectory.clear();
    const absolute = path.resolve(file);
    const wasLoaded = this.loaded.delete(absolute);
    // Read a changed file now, not when a document next needs it: its error diagnostics must
    // appear (or go, once fixed) as soon as it is saved.
    if (wasLoaded && !deleted) this.load(absolute, () => this.files.read(absolute));
  }

  /**
   * Forgets which policy file each folder has (not the files loaded): where policy files are
   * read ahead through the client, a lookup made before a file arrived found none.
   */
  forgetLookups(): void {
    this.fileOfDirectory.clear();
  }

  /** Whether a changed file can change policies: a policy file by name, or the configured one. */
  isPolicyFile(file: string): boolean {
    const absolute = path.resolve(file);
    if (this.options.policyFile) return absolute === path.resolve(this.options.policyFile);
    const name = path.basename(absolute);
    return name === 'padded-cell.toml' || name === 'pyproject.toml';
  }

  /** Policy files loaded so far (those whose errors were reported). */
  loadedFiles(): string[] {
    return [...this.loaded.keys()];
  }

  private preset(): Policy {
    this.presetPolicy ??= defaultPolicy(this.options.preset);
    return this.presetPolicy;
  }

  private load(file: string, read: () => PolicyFileRef): EffectivePolicy {
    const absolute = path.resolve(file);
    let entry = this.loaded.get(absolute);
    if (!entry) {
      const ref = read();
      const result = loadPolicyFile(ref, { lastGood: this.lastGood.get(absolute), defaultPreset: this.options.preset });
      entry = { policy: result.policy, errors: result.errors };
      if (result.errors.length === 0) this.lastGood.set(absolute, result.policy);
      this.loaded.set(absolute, entry);
      this.onErrors(absolute, result.errors);
    }
    return entry.errors.length ? { policy: entry.policy, file: absolute, errors: entry.errors.length } : { policy: entry.policy, file: absolute };
  }
}
