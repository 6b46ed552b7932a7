import BankFiles
import Finvoice
import Receivables
import SystemIO
import XMLStreaming

/// The kinds of input file saatava reads.
public enum InputFormat: String, CaseIterable, Sendable {
    /// camt.054 debit/credit notification, any .001.xx version.
    case camt054
    /// camt.053 statement, any .001.xx version.
    case camt053
    /// Finvoice invoices, alone or in SOAP-framed batches.
    case finvoice
    /// The legacy fixed-width reference-payment file.
    case ktl

    /// The name used in messages.
    var displayName: String {
        switch self {
        case .camt054: return "camt.054"
        case .camt053: return "camt.053"
        case .finvoice: return "Finvoice"
        case .ktl: return "KTL"
        }
    }
}

/// A file that cannot be read, with where and why (`FILE:LINE:COL: reason`, or `FILE: reason`).
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// Whether the file is missing or unreadable (exit 66) rather than bad data (exit 65).
    public let isMissing: Bool
    /// The rendered message.
    public let description: String
}

/// Tells which kind a file is by its content (the XML root element and namespace, or the KTL record layout),
/// never by its name.
enum InputDetection {
    private static let soapNamespace = "http://schemas.xmlsoap.org/soap/envelope/"

    static func detect(_ path: String) throws(InputError) -> InputFormat {
        let head = try readHead(path)
        var start = head.startIndex
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < head.endIndex && [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
        if start < head.endIndex && head[start] == UInt8(ascii: "<") { return try detectXML(path) }
        if KTLParser.looksLikeKTL(Array(head[start...])) { return .ktl }
        if head.isEmpty { throw InputError(isMissing: false, description: "\(path): the file is empty") }
        throw InputError(
            isMissing: false,
            description: "\(path):1:1: not a bank file or Finvoice: it is neither XML nor a KTL reference-payment file")
    }

    private static func detectXML(_ path: String) throws(InputError) -> InputFormat {
        do {
            let (root, namespace, line) = try XMLReader.rootElement(ofFile: path)
            if root == "Document", let namespace, let format = CamtParser.format(ofNamespace: namespace) {
                return format.hasPrefix("camt.054") ? .camt054 : .camt053
            }
            if (root == "Envelope" && namespace == soapNamespace) || root == "Finvoice" {
                return .finvoice
            }
            throw XMLError(
                file: path, line: line, column: 1,
                message: "not a bank file or Finvoice: the root element is <\(root)>"
                    + (namespace.map { " in namespace '\($0)'" } ?? " without a namespace"))
        } catch {
            throw InputError(isMissing: false, description: "\(error)")
        }
    }

    /// The first 4 KiB of the file, decompressed when it is gzip.
    private static func readHead(_ path: String) throws(InputError) -> ArraySlice<UInt8> {
        do throws(SystemError) {
            let file = try InputFile(path: path)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
            defer { buffer.deallocate() }
            var filled = 0
            while filled < buffer.count {
                let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if count == 0 { break }
                filled += count
            }
            return Array(buffer[0..<filled])[...]
        } catch {
            // Damaged gzip data is bad data (65); a file that is missing or unreadable is missing input (66).
            throw InputError(
                isMissing: !error.isDamagedGzip,
                description: error.isDamagedGzip ? error.description : "\(path): \(error.reason)")
        }
    }
}

/// One thing a parse yields, in file order.
enum ParsedItem: Sendable {
    case payment(Payment)
    case invoice(Invoice)
    case diagnostic(Diagnostic)
}

extension InputFormat {
    /// Parses a file of this format, handing each record and warning over in file order.
    func parse(_ path: String, _ each: (ParsedItem) throws -> Void) throws {
        try withoutActuallyEscaping(each) { each in
            // A warning cannot stop the parse; a record handed on can (`each` throws to stop it).
            let diagnostic: (Diagnostic) -> Void = { try? each(.diagnostic($0)) }
            switch self {
            case .camt054, .camt053:
                try CamtParser.parse(file: path, diagnostic: diagnostic) { try each(.payment($0)) }
            case .ktl:
                try KTLParser.parse(file: path, diagnostic: diagnostic) { try each(.payment($0)) }
            case .finvoice:
                try FinvoiceParser.parse(file: path, diagnostic: diagnostic) { try each(.invoice($0)) }
            }
        }
    }

    /// Starts parsing a file of this format on a thread of its own; `consume` on the result takes its records
    /// and warnings, in file order.
    func parseAhead(_ path: String) -> ReadAhead<ParsedItem> {
        ReadAhead { emit in try self.parse(path, emit) }
    }
}
