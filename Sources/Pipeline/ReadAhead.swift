import Foundation

/// Runs a producer on a thread of its own and hands what it makes, in order, to the calling thread, so that
/// reading a file (one core) and booking or writing its records (the other) overlap.
///
/// Elements travel in chunks; at most `capacity` chunks wait, and a producer that gets that far ahead waits too,
/// so memory stays bounded whatever the file's size. `run` returns only after the producer's thread has ended:
/// nothing of a file is still being read when the caller archives or quarantines it.
final class ReadAhead<Element: Sendable>: @unchecked Sendable {
    /// Thrown out of `emit` in the producer once the consumer has stopped.
    struct Stopped: Error {}

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

    private init(chunkSize: Int, capacity: Int) {
        self.chunkSize = chunkSize
        self.capacity = capacity
        filling.reserveCapacity(chunkSize)
    }

    /// Runs `produce` on a new thread and `consume` on this one for each element `produce` emits, in order.
    ///
    /// If `produce` throws, every element it emitted before is consumed and then its error is thrown here.
    /// If `consume` throws, the producer's next `emit` throws `Stopped`, and `consume`'s error is thrown here.
    static func run(
        chunkSize: Int = 256, capacity: Int = 8,
        produce: @escaping @Sendable (_ emit: (Element) throws -> Void) throws -> Void,
        consume: (Element) throws -> Void
    ) throws {
        let handover = ReadAhead(chunkSize: max(1, chunkSize), capacity: max(1, capacity))
        let thread = Thread {
            var failure: (any Error)?
            do { try produce(handover.emit) } catch { failure = error }
            // What was made before a failure is handed over too.
            do { try handover.flush() } catch { failure = failure ?? error }
            handover.end(failure)
        }
        thread.stackSize = 8 << 20
        thread.start()
        do {
            while let chunk = try handover.next() {
                for element in chunk { try consume(element) }
            }
        } catch {
            handover.stop()
            throw error
        }
    }

    private func emit(_ element: Element) throws {
        filling.append(element)
        if filling.count >= chunkSize { try flush() }
    }

    private func flush() throws {
        guard !filling.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity && !consumerStopped { condition.wait() }
        guard !consumerStopped else { throw Stopped() }
        waiting.append(filling)
        filling.removeAll(keepingCapacity: true)
        condition.broadcast()
    }

    private func end(_ failure: (any Error)?) {
        condition.lock()
        producerEnded = true
        producerFailure = failure
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, nil when the producer ended well; throws the producer's error once all it made is taken.
    private func next() throws -> [Element]? {
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
    private func stop() {
        condition.lock()
        defer { condition.unlock() }
        consumerStopped = true
        waiting.removeAll()
        condition.broadcast()
        while !producerEnded { condition.wait() }
    }
}
