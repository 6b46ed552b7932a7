import Foundation
import TestSupport
import XCTest

/// A working directory for day-after-day runs of the built binary: a config, an inbox to drop hand-made files in,
/// and the ledger read back through `saatava ledger` or the sqlite3 shell.
struct Workdir {
    let root: URL
    let config: String

    /// A config with a creditor, so that dunning issues reminders.
    static let withCreditor = """
        { "workdir": ".",
          "creditor": { "name": "Myyjä Oy", "businessId": "7654321-2", "street": "Kauppakatu 1", "postCode": "00100",
                        "town": "Helsinki", "iban": "FI2112345600000785", "bic": "NDEAFIHH",
                        "contact": "laskutus@myyja.example", "eInvoiceAddress": "003776543212",
                        "eInvoiceIntermediator": "NDEAFIHH" } }
        """

    /// `root` (a test's empty temporary directory) with `config.json` holding `configText`.
    init(in root: URL, config configText: String = "{ \"workdir\": \".\" }\n") throws {
        self.root = root
        config = root.appendingPathComponent("config.json").path
        try configText.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// The ledger file the runs keep.
    var ledger: String { root.appendingPathComponent("state/saatava.sqlite").path }

    /// Puts a file in the inbox (`name` may name a subfolder, such as `decisions/x.csv`).
    func drop(_ name: String, _ text: String) throws {
        let url = root.appendingPathComponent("inbox/\(name)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs the day and checks its exit status.
    @discardableResult
    func run(_ day: String, expect status: Int32 = 0, _ extra: [String] = [],
             file: StaticString = #filePath, line: UInt = #line) throws -> ProcessResult {
        let result = try runSaatava(["run", "--config", config, "--as-of", day] + extra)
        XCTAssertEqual(result.status, status, "\(day): \(result.standardError)", file: file, line: line)
        return result
    }

    /// The rows of `saatava ledger NAME`, each a JSON object.
    func view(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let result = try runSaatava(["ledger", name, "--config", config])
        XCTAssertEqual(result.status, 0, result.standardError, file: file, line: line)
        return try result.standardOutput.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// The rows an SQL query gives on the ledger.
    func sqlite(_ query: String) throws -> [String] {
        try sqlite3(ledger, query)
    }

    /// Each recorded dunning step as "invoice step action fee compensation interest issuedOn", in the order issued.
    func steps() throws -> [String] {
        try sqlite("""
            SELECT i.invoice_number || ' ' || m.step || ' ' || m.action || ' ' || m.fee || ' ' || m.compensation || ' '
                || m.interest || ' ' || m.issued_on FROM reminders m JOIN invoices i ON i.id = m.invoice_id ORDER BY m.id
            """)
    }
}

/// The rows an SQL query gives, one text per row (columns joined by `separator`), read with the sqlite3 shell's
/// engine, a second opinion on the binary's own reading of its ledger.
func sqlite3(_ database: String, separator: String = "|", _ query: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = ["-separator", separator, database, query]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

/// SHA-256 in hex of a file by the system's sha256sum, a second opinion on manifests and receipts.
func sha256sum(file path: String) throws -> String {
    try sha256sum(arguments: [path], input: Data())
}

/// SHA-256 in hex of a text by the system's sha256sum.
func sha256sum(text: String) throws -> String {
    try sha256sum(arguments: [], input: Data(text.utf8))
}

private func sha256sum(arguments: [String], input: Data) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = arguments
    let stdin = Pipe()
    let output = Pipe()
    process.standardInput = stdin
    process.standardOutput = output
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(String(decoding: data, as: UTF8.self).prefix(64))
}
