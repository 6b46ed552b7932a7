import Foundation

/// Runs a producer on a thread of its own and hands what it makes, in order, to the thread that consumes it, so
/// that reading a file (one core) and booking or writing its records (the other) overlap.
///
/// Elements travel in chunks; at most `capacity` chunks wait, and a producer that gets that far ahead waits too,
/// so memory stays bounded whatever the file's size. `consume` returns only after the producer's thread has
/// ended: nothing of a file is still being read when the caller archives or quarantines it. A read-ahead that is
/// never consumed stops its producer when it goes away.
final class ReadAhead<Element: Sendable> {
    /// Thrown out of `emit` in the producer once the consumer has stopped.
    struct Stopped: Error {}

    private let handover: Handover<Element>
    private var isConsumed = false

    /// Starts `produce` on a new thread; it gives each element it makes to `emit`, which throws `Stopped` once
    /// the consumer has stopped.
    init(chunkSize: Int = 256, capacity: Int = 16, produce: @escaping @Sendable (_ emit: (Element) throws -> Void) throws -> Void) {
        let handover = Handover<Element>(chunkSize: max(1, chunkSize), capacity: max(1, capacity))
        self.handover = handover
        let thread = Thread {
            var failure: (any Error)?
            do { try produce(handover.emit) } catch { failure = error }
            // What was made before a failure is handed over too.
            do { try handover.flush() } catch { failure = failure ?? error }
            handover.end(failure)
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    deinit { stop() }

    /// Stops the producer if it has not been consumed, and waits until its thread has ended; what it made is
    /// dropped. Does nothing after `consume`, which ends the producer itself.
    func stop() {
        guard !isConsumed else { return }
        isConsumed = true
        handover.stop()
    }

    /// Gives each element, in order, to `body` on this thread, and returns when the producer has ended.
    ///
    /// If the producer throws, every element it made before is consumed and then its error is thrown here.
    /// If `body` throws, the producer's next `emit` throws `Stopped`, and `body`'s error is thrown here.
    func consume(_ body: (Element) throws -> Void) throws {
        precondition(!isConsumed, "a read-ahead is consumed once")
        isConsumed = true
        do {
            while let chunk = try handover.next() {
                for element in chunk { try body(element) }
            }
        } catch {
            handover.stop()
            throw error
        }
    }
}

/// The state the producer's thread and the consumer share.
private final class Handover<Element: Sendable>: @unchecked Sendable {
    private let chunkSize: Int
    private let capacity: Int
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var waiting: [[Element]] = []
    private var producerEnded = false
    private var producerFailure: (any Error)?
    private var consumerStopped = false
    // Touched by the producer only:
    private var filling: [Element] = []

    init(chunkSize: Int, capacity: Int) {
        self.chunkSize = chunkSize
        self.capacity = capacity
        filling.reserveCapacity(chunkSize)
    }

    func emit(_ element: Element) throws {
        filling.append(element)
        if filling.count >= chunkSize { try flush() }
    }

    func flush() throws {
        guard !filling.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity && !consumerStopped { condition.wait() }
        guard !consumerStopped else { throw ReadAhead<Element>.Stopped() }
        waiting.append(filling)
        filling.removeAll(keepingCapacity: true)
        condition.broadcast()
    }

    func end(_ failure: (any Error)?) {
        condition.lock()
        producerEnded = true
        producerFailure = failure
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, nil when the producer ended well; throws the producer's error once all it made is taken.
    func next() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && !producerEnded { condition.wait() }
        if !waiting.isEmpty {
            let chunk = waiting.removeFirst()
            condition.broadcast()
            return chunk
        }
        if let producerFailure { throw producerFailure }
        return nil
    }

    /// Tells the producer to stop, and waits until its thread has ended.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        consumerStopped = true
        waiting.removeAll()
        condition.broadcast()
        while !producerEnded { condition.wait() }
    }
}
