import Foundation
import Receivables

/// Writes a planned day as the files a bank and an e-invoicing operator would deliver, plus the truth file.
public enum WorkloadWriter {
    /// The text encoding of the generated Finvoice batches.
    public enum FinvoiceEncoding: String, Sendable, CaseIterable {
        case utf8 = "utf-8"
        case latin9 = "iso-8859-15"
        /// Batches alternate between UTF-8 and ISO-8859-15, as real operators' deliveries do.
        case mixed
    }

    /// What was written.
    public struct Written: Sendable {
        public var finvoiceFiles: [String] = []
        public var camtFiles: [String] = []
        public var truthFile = ""
    }

    /// Writes `DIR/inbox/finvoice-*.xml` (SOAP-framed batches of at most `batchSize` invoices),
    /// `DIR/inbox/camt054-*.xml` and `DIR/truth.json`.
    public static func write(
        _ plan: WorkloadPlan, to directory: String, camtVersion: String = "02", encoding: FinvoiceEncoding = .utf8,
        batchSize: Int = 5_000, seed: UInt64
    ) throws -> Written {
        let inbox = URL(fileURLWithPath: directory).appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        var written = Written()
        let day = plan.asOf.description.filter(\.isNumber)
        written.finvoiceFiles = try Finvoice.writeBatches(
            plan.invoices, seller: plan.seller, asOf: plan.asOf, encoding: encoding, batchSize: batchSize, inbox: inbox)
        let camtPath = inbox.appendingPathComponent("camt054-\(day).xml").path
        let camt = try BufferedFile(path: camtPath)
        Camt.write(plan, version: camtVersion, to: camt)
        try camt.close()
        written.camtFiles.append(camtPath)
        written.truthFile = URL(fileURLWithPath: directory).appendingPathComponent("truth.json").path
        try truth(plan, seed: seed).write(to: URL(fileURLWithPath: written.truthFile))
        return written
    }

    private static func truth(_ plan: WorkloadPlan, seed: UInt64) throws -> Data {
        let invoices: [[String: Any]] = plan.invoices.map { invoice in
            [
                "invoiceNumber": invoice.invoiceNumber, "type": invoice.kind.name, "amount": invoice.amount.decimalString,
                "reference": invoice.reference.canonical, "credited": decimal(invoice.credited), "paid": decimal(invoice.paid),
                "open": decimal(invoice.kind == .creditNote ? 0 : invoice.amount.minorUnits - invoice.credited - invoice.paid),
                "status": invoice.status, "originalInvoiceNumber": invoice.originalInvoiceNumber ?? NSNull(),
            ]
        }
        let payments: [[String: Any]] = plan.payments.map { payment in
            [
                "archiveId": payment.archiveId, "amount": payment.amount.decimalString, "case": payment.paymentCase.rawValue,
                "reference": payment.writtenReference ?? NSNull(), "status": payment.status, "reason": payment.reason ?? NSNull(),
                "unapplied": decimal(payment.unapplied), "invoiceNumber": payment.invoiceNumber ?? NSNull(),
            ]
        }
        let document: [String: Any] = [
            "asOf": plan.asOf.description, "seed": seed, "account": plan.account, "invoices": invoices, "payments": payments,
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
    }

    static func decimal(_ cents: Int64) -> String { Amount(minorUnits: cents, currency: .euro).decimalString }

    static func escaped(_ text: String) -> String {
        guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" }) else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// A file written through a large buffer, in UTF-8 or ISO-8859-15.
final class BufferedFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String, latin9: Bool = false) {
        if latin9 {
            for scalar in text.unicodeScalars {
                buffer.append(scalar == "€" ? 0xA4 : UInt8(truncatingIfNeeded: scalar.value))
            }
        } else {
            buffer.append(contentsOf: text.utf8)
        }
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
    }
}
