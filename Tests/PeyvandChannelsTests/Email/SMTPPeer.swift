import Foundation

/// A real SMTP server (aiosmtpd, from PyPI) started on loopback for one test, and what it received.
final class SMTPPeer: @unchecked Sendable {
    let port: Int
    let directory: URL
    private let process: ChildProcess

    /// The Python that has aiosmtpd: `PEYVAND_TEST_PYTHON` (scripts/test sets it to .venv's),
    /// else the repository's `.venv/bin/python`. Nil when neither can import aiosmtpd.
    static let python: String? = {
        var candidates: [String] = []
        if let p = ProcessInfo.processInfo.environment["PEYVAND_TEST_PYTHON"], !p.isEmpty { candidates.append(p) }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent(".venv/bin/python").path)
            dir = dir.deletingLastPathComponent()
        }
        return candidates.first { path in
            guard FileManager.default.isExecutableFile(atPath: path) else { return false }
            guard let check = try? ChildProcess(path, ["-c", "import aiosmtpd"], environment: environment) else { return false }
            return check.wait() == 0
        }
    }()

    /// Peers run with an environment of their own rather than a copy of this process's.
    static let environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": NSTemporaryDirectory()]

    static let unavailable = "no Python with aiosmtpd found: set PEYVAND_TEST_PYTHON or run scripts/test (it installs requirements-test.txt into .venv)"

    init(_ arguments: [String] = []) throws {
        guard let python = Self.python else { throw PeerError.noPython }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("peyvand-smtp-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("peer.py")
        try smtpPeerScript.write(to: script, atomically: true, encoding: .utf8)
        process = try ChildProcess(python, [script.path, "--dir", directory.path] + arguments,
                                   environment: Self.environment, pipeInput: true, pipeOutput: true,
                                   errorFile: directory.appendingPathComponent("stderr.log").path)
        let out = process.output!
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6)) else {
            let log = (try? String(contentsOf: directory.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
            process.terminate()
            process.wait()
            throw PeerError.didNotStart(text + "\n" + log)
        }
        self.port = port
    }

    enum PeerError: Error { case noPython, didNotStart(String) }

    /// What Python's `email` package decoded from the n-th message received (1-based).
    func received(_ n: Int = 1) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(n).json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func raw(_ n: Int = 1) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent("\(n).eml"))
    }

    var messageCount: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".json") }.count
    }

    var authLog: [String] {
        ((try? String(contentsOf: directory.appendingPathComponent("auth.log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    func stop() {
        try? process.input?.close()
        process.terminate()
        process.wait()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { process.terminate() }
}
