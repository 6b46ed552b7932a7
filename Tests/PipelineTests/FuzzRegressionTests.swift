import Foundation
import Receivables
import TestSupport
import XCTest

@testable import Pipeline
@testable import Reports

/// The inputs the `decisions` and `holds` fuzz harnesses found (Fixtures/fuzz/, docs/security.md), read through the
/// harnesses' contracts: rows or a refusal at a line; the CSV rows written again in either dialect read back the same;
/// every instalment read back from the text either dialect writes.
final class FuzzRegressionTests: XCTestCase {
    private let folder = packageRoot.appendingPathComponent("Tests/PipelineTests/Fixtures/fuzz")

    private func inputs(_ prefix: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(prefix) }
        XCTAssertFalse(names.isEmpty, prefix)
        return names.map { folder.appendingPathComponent($0).path }
    }

    func test_csvFindings_rowsWrittenAgainReadBackTheSame() throws {
        for path in try inputs("decisions-") + inputs("holds-") {
            let rows = try CSVWriter.parse(try String(contentsOfFile: path, encoding: .utf8))
            for dialect in CSVDialect.allCases {
                var writer = CSVWriter(header: ["archiveId", "action"], dialect: dialect)
                for row in rows { writer.row(row.map { .text($0) }) }
                XCTAssertEqual(Array(try CSVWriter.parse(writer.output).dropFirst()), rows, "\(path) as \(dialect)")
            }
        }
    }

    /// A combining mark right after a quote once joined it into one Character, so the quote went unseen and the
    /// quoted payer name's commas split the row: a name from a bank file could put `assign` in the action column.
    func test_combiningMarkAfterAQuote_staysInsideItsCell() throws {
        let path = folder.appendingPathComponent("decisions-combining-mark-after-quote.csv").path
        XCTAssertEqual(try CSVWriter.parse(try String(contentsOfFile: path, encoding: .utf8)).last?.count, 4)
        XCTAssertEqual(try DecisionsCSV.read(path).count, 0, "the row has no action")
    }

    func test_holdsFindings_instalmentsReadBackAsWritten() throws {
        for path in try inputs("holds-") {
            let name = URL(fileURLWithPath: path).lastPathComponent
            let rows: [HoldsCSV.Row]
            do {
                rows = try HoldsCSV.read(path)
            } catch let error as HoldsCSV.FormatError {
                XCTAssertTrue(error.description.hasPrefix(path + ":"), error.description)
                continue
            }
            for case .add(let request) in rows.map(\.action) {
                for instalment in request.instalments {
                    for dialect in CSVDialect.allCases {
                        let text = dialect.instalment(instalment)
                        XCTAssertEqual(try? HoldView.Instalment(parsing: text), instalment, "\(name): \(text)")
                    }
                }
            }
        }
    }

    /// A year before 1000 is written in four digits in `d.M.yyyy`, the form the holds CSV reads (it was `1.12.26`).
    func test_dayMonthYear_writesFourDigitYears() throws {
        XCTAssertEqual(try LocalDate(asWritten: "1.12.0026").dayMonthYear, "1.12.0026")
        XCTAssertEqual(try LocalDate(asWritten: "27.11.2026").dayMonthYear, "27.11.2026")
    }
}
