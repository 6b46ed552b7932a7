import CLibXML2

/// libxml2's set-up: what is process-wide runs once per process, what is per thread runs on each parsing thread.
///
/// Readers start on several threads at once (a read-ahead parses beside the ledger), so the process-wide part
/// must neither run twice nor race with a parse on another thread: a `static let` runs it exactly once, under
/// the Swift runtime's once-lock, and every other thread waits for it to finish.
enum LibXML2 {
    /// Runs `clibxml2_set_up_process` the first time it is read: `xmlInitParser` and the external entity loader
    /// that refuses everything.
    private static let processSetUp: Void = clibxml2_set_up_process()

    /// Makes sure libxml2 is set up for a parse on the calling thread: the process-wide part once, then this
    /// thread's generic error handler silenced (libxml2 keeps that handler per thread, so this part runs for every
    /// reader). Cheap after the first call: a once-check and two stores into this thread's libxml2 state.
    static func setUpThisThread() {
        processSetUp
        clibxml2_silence_this_thread()
    }
}
