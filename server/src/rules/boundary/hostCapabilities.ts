/**
 * What each host-reaching module or member lets a plugin do (PC502). Plain data: the rule looks
 * names up here after the resolver has canonicalised them (`random._os.system` -> `os.system`).
 */
export type Capability =
  | 'command'
  | 'process'
  | 'filesystem'
  | 'files'
  | 'descriptor'
  | 'network'
  | 'native'
  | 'signals'
  | 'limits'
  | 'threads'
  | 'hooks'
  | 'exit-hook'
  | 'debugger'
  | 'privileges'
  | 'environment'
  | 'programs'
  | 'stdin'
  | 'command-line'
  | 'host-tasks';

/** The message phrase for each capability: "'os.system' runs a host command". */
export const CAPABILITY_EFFECT: Record<Capability, string> = {
  command: 'runs a host command',
  process: 'creates or controls host processes',
  filesystem: "changes the host's file system",
  files: "reads the host's files or fetches URLs",
  descriptor: "reads or writes the host's file descriptors",
  network: 'opens network connections from the host',
  native: 'calls native code, outside every Python-level check',
  signals: "changes the host's signal handling",
  limits: "changes the host process's resource limits",
  threads: 'starts threads or processes that outlive the plugin',
  hooks: 'changes interpreter-wide state the host relies on',
  'exit-hook': 'registers code that runs when the host exits',
  debugger: "starts a debugger on the host's terminal",
  privileges: "changes the host process's identity or privileges",
  environment: "changes the host's environment variables",
  programs: 'opens programs on the host',
  stdin: "reads the host's standard input",
  'command-line': "runs the module's command-line interface, which reads the host's command line and standard input or files and may exit the host",
  'host-tasks': "reaches the host's event loop and running tasks (their frames, cancelling or stopping them)",
};

/** Modules every member of which reaches the host (constants in capitals excepted). */
export const MODULE_CAPABILITIES: Record<string, Capability> = {
  subprocess: 'command',
  commands: 'command',
  popen2: 'command',
  _posixsubprocess: 'command',
  'distutils.spawn': 'command',
  pty: 'process',
  socket: 'network',
  _socket: 'network',
  ssl: 'network',
  urllib: 'network',
  urllib2: 'network',
  urllib3: 'network',
  requests: 'network',
  httpx: 'network',
  aiohttp: 'network',
  http: 'network',
  httplib: 'network',
  ftplib: 'network',
  smtplib: 'network',
  telnetlib: 'network',
  poplib: 'network',
  imaplib: 'network',
  nntplib: 'network',
  socketserver: 'network',
  SocketServer: 'network',
  xmlrpc: 'network',
  xmlrpclib: 'network',
  asyncore: 'network',
  asynchat: 'network',
  paramiko: 'network',
  pycurl: 'network',
  websocket: 'network',
  websockets: 'network',
  webbrowser: 'programs',
  ctypes: 'native',
  _ctypes: 'native',
  cffi: 'native',
  _winapi: 'native',
  msvcrt: 'native',
  winreg: 'native',
  _winreg: 'native',
  mmap: 'native',
  'numpy.ctypeslib': 'native',
  _testcapi: 'native',
  _testinternalcapi: 'native',
  signal: 'signals',
  _signal: 'signals',
  resource: 'limits',
  threading: 'threads',
  thread: 'threads',
  multiprocessing: 'threads',
  _multiprocessing: 'threads',
  'concurrent.futures': 'threads',
  shutil: 'filesystem',
  tempfile: 'filesystem',
  fileinput: 'filesystem',
  fcntl: 'descriptor',
  termios: 'descriptor',
  tty: 'descriptor',
  atexit: 'exit-hook',
  pdb: 'debugger',
  bdb: 'debugger',
  faulthandler: 'hooks',
};

/** `os` members (also reached as `posix.X`/`nt.X`) and what they do. `_exit`/`abort` are PC501's. */
export const OS_MEMBERS: Record<string, Capability> = {
  ...Object.fromEntries(
    [
      'system', 'popen', 'popen2', 'popen3', 'popen4', 'startfile',
      'execl', 'execle', 'execlp', 'execlpe', 'execv', 'execve', 'execvp', 'execvpe',
      'spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe', 'posix_spawn', 'posix_spawnp',
    ].map((m) => [m, 'command' as Capability]),
  ),
  ...Object.fromEntries(
    [
      'fork', 'forkpty', 'vfork', 'kill', 'killpg', 'register_at_fork', 'setsid', 'setpgid', 'setpgrp', 'nice', 'setpriority',
      'sched_setaffinity', 'sched_setscheduler', 'sched_setparam', 'pidfd_open', 'plock', 'login_tty',
    ].map((m) => [m, 'process' as Capability]),
  ),
  ...Object.fromEntries(
    [
      'unlink', 'remove', 'removedirs', 'rmdir', 'rename', 'renames', 'replace', 'mkdir', 'makedirs', 'mkfifo', 'mknod', 'link', 'symlink',
      'chmod', 'lchmod', 'fchmod', 'chown', 'lchown', 'fchown', 'chflags', 'lchflags', 'chroot', 'chdir', 'fchdir', 'truncate', 'ftruncate',
      'utime', 'setxattr', 'removexattr', 'posix_fallocate', 'copy_file_range', 'sendfile', 'splice', 'memfd_create',
    ].map((m) => [m, 'filesystem' as Capability]),
  ),
  ...Object.fromEntries(
    ['open', 'openpty', 'write', 'pwrite', 'writev', 'pwritev', 'read', 'pread', 'readv', 'preadv', 'fdopen', 'pipe', 'pipe2', 'dup', 'dup2', 'close', 'closerange', 'lseek', 'set_blocking', 'set_inheritable'].map(
      (m) => [m, 'descriptor' as Capability],
    ),
  ),
  ...Object.fromEntries(
    ['setuid', 'setgid', 'seteuid', 'setegid', 'setreuid', 'setregid', 'setresuid', 'setresgid', 'setgroups', 'initgroups', 'umask'].map((m) => [
      m,
      'privileges' as Capability,
    ]),
  ),
  putenv: 'environment',
  unsetenv: 'environment',
};

/** Members of otherwise harmless modules that reach the host. */
export const MEMBER_CAPABILITIES: Record<string, Capability> = {
  'sys.settrace': 'hooks',
  'sys.setprofile': 'hooks',
  'sys.setrecursionlimit': 'hooks',
  'sys.excepthook': 'hooks',
  'sys.breakpointhook': 'hooks',
  'sys.displayhook': 'hooks',
  'sys.unraisablehook': 'hooks',
  'sys.exitfunc': 'exit-hook',
  'sys.setcheckinterval': 'hooks',
  'sys.setswitchinterval': 'hooks',
  'sys.setdlopenflags': 'native',
  'sys.set_asyncgen_hooks': 'hooks',
  'sys.set_coroutine_wrapper': 'hooks',
  'sys.set_coroutine_origin_tracking_depth': 'hooks',
  'sys.addaudithook': 'hooks',
  'sys.monitoring': 'hooks',
  'sys.call_tracing': 'hooks',
  'sys.setdefaultencoding': 'hooks',
  'sys.set_int_max_str_digits': 'hooks',
  'sys.activate_stack_trampoline': 'hooks',
  'sys.remote_exec': 'command',
  'sys.stdin': 'stdin',
  'sys.__stdin__': 'stdin',
  // Command-line entry points of modules a policy may allow: they parse `sys.argv`, read stdin
  // or the files it names, and call `sys.exit` on bad usage.
  'base64.main': 'command-line',
  'base64.test': 'command-line',
  'ast.main': 'command-line',
  'json.tool.main': 'command-line',
  'calendar.main': 'command-line',
  'uuid.main': 'command-line',
  'random.main': 'command-line',
  'pandas.test': 'command-line',
  'sys.__stdout__': 'hooks',
  'sys.__stderr__': 'hooks',
  'gc.disable': 'hooks',
  'gc.set_threshold': 'hooks',
  'gc.set_debug': 'hooks',
  'gc.freeze': 'hooks',
  'gc.callbacks': 'hooks',
  'asyncio.create_subprocess_exec': 'command',
  'asyncio.create_subprocess_shell': 'command',
  'asyncio.subprocess': 'command',
  'asyncio.open_connection': 'network',
  'asyncio.start_server': 'network',
  'asyncio.open_unix_connection': 'network',
  'asyncio.start_unix_server': 'network',
  'asyncio.to_thread': 'threads',
  // The plugin runs inside the host's task: `current_task()` is the host's, `all_tasks()` every one.
  'asyncio.current_task': 'host-tasks',
  'asyncio.all_tasks': 'host-tasks',
  'asyncio.tasks.current_task': 'host-tasks',
  'asyncio.tasks.all_tasks': 'host-tasks',
  'asyncio.Task.all_tasks': 'host-tasks',
  'asyncio.Task.current_task': 'host-tasks',
  'asyncio.set_event_loop': 'host-tasks',
  'asyncio.set_event_loop_policy': 'host-tasks',
  'platform.popen': 'command',
  // pandas is often allowlisted for its computation; its readers take a path or a URL.
  ...Object.fromEntries(
    [
      'read_csv', 'read_table', 'read_fwf', 'read_json', 'read_html', 'read_xml', 'read_excel', 'read_parquet', 'read_orc',
      'read_feather', 'read_hdf', 'read_sas', 'read_spss', 'read_stata', 'read_sql', 'read_sql_query', 'read_sql_table',
      'read_clipboard', 'read_gbq', 'ExcelFile', 'HDFStore',
    ].map((m) => [`pandas.${m}`, 'files' as Capability]),
  ),
  'pandas.ExcelWriter': 'filesystem',
  // pandas' clipboard support runs `xclip`/`xsel`/`pbcopy`/`wl-copy`.
  'pandas.io.clipboard': 'command',
  'pandas.io.clipboards': 'command',
  // Private helpers of allowlisted-looking modules that run programs (`platform.architecture()` runs `file`).
  'platform._syscmd_file': 'command',
  'platform._syscmd_ver': 'command',
  'platform._syscmd_uname': 'command',
  'uuid._popen': 'command',
  'uuid._get_command_stdout': 'command',
  'pydoc.pipepager': 'command',
  'pydoc.tempfilepager': 'command',
  'pydoc.pager': 'command',
};

/**
 * Methods of pandas objects (`DataFrame`, `Series`) that write to a path, a URL, a database or
 * the clipboard. Without a target most return the text instead (`df.to_csv()`), so only a call
 * that names one counts — `to_sql` and `to_clipboard` always write.
 */
export const PANDAS_WRITERS: Record<string, 'target' | 'always'> = {
  ...Object.fromEntries(
    ['to_csv', 'to_json', 'to_html', 'to_xml', 'to_excel', 'to_parquet', 'to_orc', 'to_feather', 'to_hdf', 'to_stata', 'to_pickle', 'to_markdown', 'to_latex', 'to_string'].map(
      (m) => [m, 'target' as const],
    ),
  ),
  to_sql: 'always',
  to_clipboard: 'always',
  to_gbq: 'always',
  // The arrays pandas hands out (`df.to_numpy()`, `s.values`) write raw bytes to a file.
  tofile: 'target',
};

/** Streams whose replacement redirects the host's own output (`sys.stdout = io.StringIO()`). */
export const HOST_STREAMS = new Set(['sys.stdout', 'sys.stderr']);

/** Callables that open files, with the index of their `mode` argument. */
export const FILE_OPENERS: Record<string, { modeIndex: number; module?: string; builtin?: string }> = {
  'builtins.open': { modeIndex: 1, builtin: 'open' },
  'builtins.file': { modeIndex: 1, builtin: 'file' },
  'io.open': { modeIndex: 1, module: 'io' },
  'io.FileIO': { modeIndex: 1, module: 'io' },
  'codecs.open': { modeIndex: 1, module: 'codecs' },
  'os.fdopen': { modeIndex: 1, module: 'os' },
  'gzip.open': { modeIndex: 1, module: 'gzip' },
  'bz2.open': { modeIndex: 1, module: 'bz2' },
  'lzma.open': { modeIndex: 1, module: 'lzma' },
  'zipfile.ZipFile': { modeIndex: 1, module: 'zipfile' },
  'tarfile.open': { modeIndex: 1, module: 'tarfile' },
  'tarfile.TarFile': { modeIndex: 1, module: 'tarfile' },
};

/** `pathlib` methods that change the file system when called on a path object. */
export const PATH_WRITERS = new Set([
  'write_text', 'write_bytes', 'unlink', 'rmdir', 'mkdir', 'touch', 'rename', 'replace', 'chmod', 'lchmod', 'symlink_to', 'hardlink_to', 'link_to',
]);

/** Event-loop methods that reach the host, whatever loop object they are called on. */
export const EVENT_LOOP_METHODS: Record<string, Capability> = {
  subprocess_exec: 'command',
  subprocess_shell: 'command',
  run_in_executor: 'threads',
  create_connection: 'network',
  create_server: 'network',
  create_unix_connection: 'network',
  create_unix_server: 'network',
  create_datagram_endpoint: 'network',
  sock_connect: 'network',
  add_signal_handler: 'signals',
  remove_signal_handler: 'signals',
  getaddrinfo: 'network',
  getnameinfo: 'network',
  sock_sendall: 'network',
  sock_sendto: 'network',
  connect_accepted_socket: 'network',
  sendfile: 'network',
  add_reader: 'descriptor',
  add_writer: 'descriptor',
  stop: 'host-tasks',
  close: 'host-tasks',
  // Blocks until something stops the loop: nothing in the plugin will, and the host's timeout runs on it.
  run_forever: 'host-tasks',
  set_exception_handler: 'host-tasks',
  set_task_factory: 'host-tasks',
  set_default_executor: 'host-tasks',
};

/** Calls that hand out an asyncio event loop. */
export const EVENT_LOOP_FACTORIES = new Set(['asyncio.get_event_loop', 'asyncio.get_running_loop', 'asyncio.new_event_loop', 'asyncio.events.get_event_loop']);

/** Attributes that hand out raw memory whatever object they are read from (`numpy_array.ctypes`). */
export const NATIVE_ATTRIBUTES = new Set(['ctypes', '_ctypes']);
