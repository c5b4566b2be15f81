import Foundation
import NIOCore

/// Holds the server's replies until the client asks for the next one; fails the waiting
/// request when the connection errs, closes or the time is up. Used on its event loop only.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    private var replies: CircularBuffer<SMTPReply> = []
    private var waiting: (promise: EventLoopPromise<SMTPReply>, timer: Scheduled<Void>?)?
    /// The first thing that went wrong on this connection, kept for whoever asks next.
    private var failure: SMTPError? {
        didSet { if let failure { firstFailure.setIfEmpty(failure) } }
    }
    /// The same, readable from any thread after the pipeline is gone.
    let firstFailure: SMTPFailureBox

    init(firstFailure: SMTPFailureBox) {
        self.firstFailure = firstFailure
    }
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let w = waiting {
            waiting = nil
            w.timer?.cancel()
            w.promise.succeed(reply)
        } else {
            replies.append(reply)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(SMTPError.from(error, stage: "connection"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError(.connection, stage: "connection", message: "the server closed the connection"))
        context.fireChannelInactive()
    }

    private func fail(_ error: SMTPError) {
        if failure == nil { failure = error }
        if let w = waiting {
            waiting = nil
            w.timer?.cancel()
            w.promise.fail(failure ?? error)
        }
    }

    /// The next reply, or an error after `timeout`. Call on the channel's event loop.
    func nextReply(on eventLoop: any EventLoop, timeout: TimeAmount, stage: String) -> EventLoopFuture<SMTPReply> {
        if let r = replies.popFirst() { return eventLoop.makeSucceededFuture(r) }
        if let failure {
            var f = failure
            f.stage = stage
            return eventLoop.makeFailedFuture(f)
        }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self, let w = self.waiting else { return }
            self.waiting = nil
            let e = SMTPError(.timeout, stage: stage, message: "no reply from the server within \(timeout.nanoseconds / 1_000_000) ms")
            self.failure = e
            w.promise.fail(e)
            self.context?.close(promise: nil)
        }
        waiting = (promise, timer)
        return promise.futureResult.flatMapErrorThrowing { (error: any Error) throws -> SMTPReply in
            guard var e = error as? SMTPError else { throw error }
            if e.stage == "connection" { e.stage = stage }
            throw e
        }
    }
}

/// The first failure seen on a connection, shared between its pipeline and the client's task.
final class SMTPFailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: SMTPError?

    var value: SMTPError? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func setIfEmpty(_ error: SMTPError) {
        lock.lock()
        defer { lock.unlock() }
        if stored == nil { stored = error }
    }
}
