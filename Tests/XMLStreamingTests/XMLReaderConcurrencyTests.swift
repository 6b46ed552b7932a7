import Foundation
import XCTest
import XMLStreaming

/// Readers run on several threads at once (a read-ahead parses beside the ledger): libxml2's set-up must happen
/// once, and no reader may see another's nodes, errors or settings.
final class XMLReaderConcurrencyTests: XCTestCase {
    /// Results gathered from the threads, as one lock-guarded list of what went wrong.
    private final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var problems: [String] = []
        private var parses = 0

        func record(_ problem: String?) {
            lock.withLock {
                parses += 1
                if let problem { problems.append(problem) }
            }
        }

        var summary: (parses: Int, problems: [String]) { lock.withLock { (parses, problems) } }
    }

    /// A gate every thread waits at, so that their first readers (and libxml2's set-up, when this test is the
    /// first to parse in the process) start together.
    private final class StartGate: @unchecked Sendable {
        private let condition = NSCondition()
        private var isOpen = false

        func wait() {
            condition.lock()
            while !isOpen { condition.wait() }
            condition.unlock()
        }

        func open() {
            condition.lock()
            isOpen = true
            condition.broadcast()
            condition.unlock()
        }
    }

    func test_readersOnManyThreadsAtOnce_eachParseTheirOwnDocumentCorrectly() throws {
        let threadCount = 8
        let roundsPerThread = 25
        let xxe = fixture("xxe.xml")
        let outcomes = Outcomes()
        let gate = StartGate()
        let finished = DispatchGroup()
        let captured = try capturingStandardError {
            for thread in 0..<threadCount {
                finished.enter()
                let worker = Thread {
                    defer { finished.leave() }
                    gate.wait()
                    for round in 0..<roundsPerThread {
                        for check in Self.checks(thread: thread, round: round, xxe: xxe) {
                            outcomes.record(check())
                        }
                    }
                }
                worker.start()
            }
            gate.open()
            // A guard against a reader that never returns, not a time limit: under the thread sanitizer on two cores
            // the 800 parses take one to three minutes.
            XCTAssertEqual(finished.wait(timeout: .now() + 600), .success, "the reader threads did not finish")
        }
        let summary = outcomes.summary
        XCTAssertEqual(summary.parses, threadCount * roundsPerThread * 4)
        XCTAssertEqual(summary.problems, [])
        XCTAssertEqual(captured, "", "libxml2 printed to stderr from a reader thread")
    }

    /// Four parses, each returning a description of what went wrong or nil: a document of its own (with
    /// attributes, a reference and enough entries to cross chunks), a malformed one, one that declares external
    /// entities, and one whose bytes its declared encoding cannot convert.
    private static func checks(thread: Int, round: Int, xxe: String) -> [() -> String?] {
        let tag = "\(thread).\(round)"
        let good: () -> String? = {
            let count = 2_000 + thread * 100 + round
            var document = "<?xml version=\"1.0\"?>\n<Document id=\"\(tag)\">\n"
            for index in 0..<count { document += "<Amt Ccy=\"EUR\">\(tag)-\(index) &amp; x</Amt>\n" }
            document += "</Document>\n"
            var reader = XMLReader(name: "good-\(tag).xml", bytes: Array(document.utf8))
            let amount = reader.intern("Amt")
            var values: [String] = []
            var currencies = 0
            do {
                while try reader.read() {
                    guard reader.isStartElement(amount) else { continue }
                    if reader.attribute("Ccy") == "EUR" { currencies += 1 }
                    values.append(try reader.readElementText())
                }
            } catch {
                return "\(tag) good: \(error)"
            }
            let expected = (0..<count).map { "\(tag)-\($0) & x" }
            guard values == expected, currencies == count else {
                return "\(tag) good: \(values.count) values, \(currencies) currencies, first \(values.first ?? "-")"
            }
            return nil
        }
        let malformed: () -> String? = {
            let error = errorReading("<r>\n<a><b></a></r>", name: "bad-\(tag).xml")
            let expected = "bad-\(tag).xml:2:11: Opening and ending tag mismatch: b line 2 and a"
            return error?.description == expected ? nil : "\(tag) malformed: \(error?.description ?? "no error")"
        }
        let entities: () -> String? = {
            do {
                _ = try texts(ofFile: xxe)
                return "\(tag) xxe: accepted"
            } catch {
                let expected =
                    "\(xxe):3:1: the document declares entities in its DTD (<!ENTITY …>); such documents are refused"
                return "\(error)" == expected ? nil : "\(tag) xxe: \(error)"
            }
        }
        let encoding: () -> String? = {
            errorReading(bytes: invalidEUCJP, name: "eucjp-\(tag).xml") == nil ? "\(tag) eucjp: accepted" : nil
        }
        return [good, malformed, entities, encoding]
    }
}
