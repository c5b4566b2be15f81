import Foundation

/// Lines on standard output that reach it at once. Standard output is block-buffered when it is a
/// file or a pipe, and a server that runs until it is stopped would hold them back (the demo
/// logins, the address) until it exits — or lose them when it is killed.
enum Console {
    static func line(_ text: String) {
        print(text)
        fflush(nil)  // every output stream: `stdout` itself is shared mutable state to Swift 6
    }
}
