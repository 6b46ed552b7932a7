import BankFiles
import Foundation
import Receivables
import TestSupport
import XCTest

/// The path of a file in this target's Fixtures folder.
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

/// What parsing one file gave.
struct Parsed {
    var payments: [Payment] = []
    var diagnostics: [String] = []
}

/// Parses a camt file.
func parseCamt(_ path: String) throws -> Parsed {
    var parsed = Parsed()
    try CamtParser.parse(file: path, diagnostic: { parsed.diagnostics.append($0.description) }) {
        parsed.payments.append($0)
    }
    return parsed
}

/// Parses a KTL file.
func parseKTL(_ path: String) throws -> Parsed {
    var parsed = Parsed()
    try KTLParser.parse(file: path, diagnostic: { parsed.diagnostics.append($0.description) }) {
        parsed.payments.append($0)
    }
    return parsed
}

extension XCTestCase {
    /// Writes bytes to a new temporary file named `name`, removed when the test ends, and returns its path.
    func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = try temporaryDirectory("bankfile").appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}

/// A camt.054 document of the given version around the inner XML of one `Ntfctn`.
func camt054(version: String = "02", _ notification: String, root: String = "BkToCstmrDbtCdtNtfctn") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.\(version)"><\(root)>
    <GrpHdr><MsgId>M1</MsgId></GrpHdr>
    <Ntfctn><Acct><Id><IBAN>FI2112345600000785</IBAN></Id></Acct>
    \(notification)
    </Ntfctn></\(root)></Document>
    """
}

extension Payment {
    /// amount / reference / archive id in one line, for compact assertions.
    var summary: String {
        "\(archiveId) \(amount?.decimalString ?? "nil") \(currency) \(direction.rawValue) \(reference?.text ?? "-")"
    }
}
