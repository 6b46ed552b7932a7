import TestSupport
import XCTest

@testable import saatava

/// Each command declares its options once, in the table its help holds: parsing accepts exactly those, and the help
/// page lists exactly those (hidden ones aside), so neither can drift from the other.
final class OptionTableTests: XCTestCase {
    func test_everyCommand_listsAndParsesExactlyTheOptionsOfItsTable() throws {
        for command in Saatava.commands {
            let options = command.help.options
            XCTAssertEqual(Set(options.map(\.name)).count, options.count, "\(command.name): an option declared twice")
            let page = try runSaatava([command.name, "--help"]).standardOutput
            let visible = options.filter { !$0.isHidden }.map(\.name)
            XCTAssertEqual(listedOptions(page), visible + ["-h, --help"], "\(command.name): help and table differ")
            for option in options {
                let given = option.kind == .flag ? [option.name] : [option.name, "x"]
                XCTAssertNoThrow(try Arguments(given, options: options), "\(command.name) \(option.name)")
                XCTAssertTrue(
                    option.text.first?.isUppercase == true && option.text.hasSuffix("."),
                    "\(command.name) \(option.name): its help is one sentence")
                if !option.isHidden {
                    XCTAssertTrue(
                        command.help.usage.contains { $0.contains(option.name) },
                        "\(command.name): usage lacks \(option.name)")
                }
            }
            XCTAssertThrowsError(try Arguments(["--no-such-option"], options: options)) {
                XCTAssertEqual(($0 as? UsageError)?.message, "Unknown option '--no-such-option'.")
            }
        }
    }

    func test_topLevel_listsVersionAndPrintsTheOneVersion() throws {
        XCTAssertEqual(
            listedOptions(try runSaatava(["--help"]).standardOutput),
            Saatava.help.options.map(\.name) + ["-h, --help"])
        XCTAssertEqual(Saatava.help.options.map(\.name), ["--version"])
        XCTAssertEqual(try runSaatava(["--version"]).standardOutput, "saatava \(Saatava.version)\n")
    }

    func test_defaults_areWhatParsingUsesAndWhatHelpShows() throws {
        let options = GenCommand.help.options
        let parsed = try Arguments([], options: options)
        XCTAssertEqual(try parsed.integer("--batch-size", in: 1...10_000_000), 5_000)
        XCTAssertEqual(parsed.value("--camt-version"), "02")
        XCTAssertNil(parsed.value("--days"))
        XCTAssertThrowsError(try parsed.string("--out")) {
            XCTAssertEqual(($0 as? UsageError)?.message, "Missing '--out <dir>'.")
        }
        XCTAssertEqual(try Arguments(["--camt-version=04"], options: options).value("--camt-version"), "04")
        let row = try XCTUnwrap(options.first { $0.name == "--batch-size" }).row
        XCTAssertEqual(row.name, "--batch-size <b>")
        XCTAssertEqual(row.text, "Invoices per Finvoice batch file (default: 5000).")
    }

    /// The option names an OPTIONS section lists, in order (`--format` for `--format json|csv`).
    private func listedOptions(_ page: String) -> [String] {
        let section = page.components(separatedBy: "\nOPTIONS:\n").last ?? ""
        return lines(section).filter { $0.hasPrefix("  -") }.map { line in
            line.hasPrefix("  -h, --help") ? "-h, --help" : String(line.dropFirst(2).prefix { $0 != " " })
        }
    }
}
