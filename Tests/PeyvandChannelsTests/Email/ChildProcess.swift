import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, for the test peers.
///
/// Foundation's `Process.run` on Linux (Swift 6.3) reads `/proc/self/fd` by copying each whole
/// 256-byte `d_name`, past the end of glibc's buffer when the page after it is unmapped
/// (swift-corelibs-foundation #5472): a test run with a thousand descriptors open crashed in that
/// `memcpy`. This spawns directly. The pipes it makes are close-on-exec, so one peer never holds
/// another's ends open; `dup2` onto 0, 1 and 2 clears that flag for the child's own.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    /// What the child writes on its standard output; nil when it went elsewhere.
    let output: FileHandle?
    /// The child's standard input; nil when it reads /dev/null.
    let input: FileHandle?
    private var status: Int32?
    private let lock = NSLock()
    private static let spawning = NSLock()
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which its Swift module
    /// does not export.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    enum Failure: Error { case spawn(String, Int32), pipe(Int32), open(String, Int32) }

    /// Starts `executable` with `arguments` and exactly `environment`. Its standard error goes to
    /// `errorFile` (created or truncated) or to /dev/null.
    init(_ executable: String, _ arguments: [String], environment: [String: String],
         pipeInput: Bool = false, pipeOutput: Bool = false, errorFile: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Glibc's `pipe2` is not exported to Swift: the flag is set after `pipe`, under a lock every
        // spawn here takes, so no other peer starts in between and inherits these ends.
        Self.spawning.lock()
        defer { Self.spawning.unlock() }
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }
        /// Gives the child's descriptor 0 (it reads) or 1 (it writes) a pipe whose other end is
        /// returned, or /dev/null.
        func connect(_ target: Int32, piped: Bool) throws -> Int32? {
            guard piped else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
                return nil
            }
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw Failure.pipe(errno) }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            let (childEnd, parentEnd) = target == 0 ? (fds[0], fds[1]) : (fds[1], fds[0])
            parentEnds.append(parentEnd); childEnds.append(childEnd)
            posix_spawn_file_actions_adddup2(&actions, childEnd, target)
            return parentEnd
        }
        let inputEnd: Int32?, outputEnd: Int32?
        do {
            inputEnd = try connect(0, piped: pipeInput)
            outputEnd = try connect(1, piped: pipeOutput)
            if let errorFile {
                let fd = open(errorFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard fd >= 0 else { throw Failure.open(errorFile, errno) }
                childEnds.append(fd)
                posix_spawn_file_actions_adddup2(&actions, fd, 2)
            } else {
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            }
            // Nothing else of this process reaches the child (Foundation's `Process` closes them too).
            if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }
            let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
            let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var child = pid_t()
            let rc = posix_spawn(&child, executable, &actions, nil, argv, envp)
            guard rc == 0 else { throw Failure.spawn(executable, rc) }
            pid = child
        } catch {
            parentEnds.forEach { close($0) }
            throw error
        }
        input = inputEnd.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        output = outputEnd.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
    }

    /// Waits for the child to end and returns its exit code (128 + the signal when one ended it).
    @discardableResult
    func wait() -> Int32 {
        lock.lock(); defer { lock.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
        let code = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        status = code
        return code
    }

    var isRunning: Bool {
        lock.lock(); defer { lock.unlock() }
        if status != nil { return false }
        var raw: Int32 = 0
        return waitpid(pid, &raw, WNOHANG) == 0
    }

    func terminate() { if isRunning { kill(pid, SIGTERM) } }
}
