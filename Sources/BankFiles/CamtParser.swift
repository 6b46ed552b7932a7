public import Receivables
import XMLStreaming

/// Reads camt.054 notifications and camt.053 statements, every `.001.xx` version, into payments.
///
/// Both batching styles are read: one `Ntry` per payment, and one `Ntry` holding a day's reference payments as
/// many `TxDtls`. An entry without `TxDtls` is one payment. Version differences (`Sts` or `Sts/Cd`, `Dbtr/Nm` or
/// `Dbtr/Pty/Nm`, `TxDtls/Amt` or `AmtDtls/TxAmt/Amt`, `Dt` or `DtTm`) are absorbed here. Payments are handed
/// over one by one as they are read, so memory does not grow with the file.
public enum CamtParser {
    private static let namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:"

    /// The camt format a namespace URI names (`camt.054.001.02`), or nil for any other namespace.
    public static func format(ofNamespace uri: String) -> String? {
        guard uri.hasPrefix(namespacePrefix) else { return nil }
        let name = uri.dropFirst(namespacePrefix.count)
        guard name.hasPrefix("camt.054.001.") || name.hasPrefix("camt.053.001.") else { return nil }
        return String(name)
    }

    /// Reads a camt.054 or camt.053 file.
    /// - Parameters:
    ///   - file: The file's path.
    ///   - diagnostic: Receives warnings (control totals that do not add up).
    ///   - payment: Receives each payment as soon as it has been read.
    /// - Throws: `XMLError` naming the file, line and field when the file is not camt or cannot be read.
    public static func parse(
        file: String, diagnostic: (Diagnostic) -> Void, payment: (Payment) throws -> Void
    ) throws {
        var reader = try XMLReader(path: file)
        repeat {
            guard try reader.read() else { throw reader.error("the document has no root element") }
        } while reader.kind != .startElement
        let namespace = reader.namespaceURI
        guard reader.localName == "Document", let namespace, let format = format(ofNamespace: namespace) else {
            throw reader.error(
                "not a camt.054 or camt.053 document: its root is <\(reader.localName)> in namespace "
                    + (namespace.map { "'\($0)'" } ?? "none"))
        }
        let names = CamtNames(reader: reader, namespace: namespace)
        try withoutActuallyEscaping(diagnostic) { diagnostic in
            try withoutActuallyEscaping(payment) { payment in
                var document = CamtDocument(
                    file: file, format: format, names: names, diagnostic: diagnostic, payment: payment)
                try document.read(&reader)
            }
        }
    }
}

/// What one entry (`Ntry`) says about the payments in it.
private struct EntryFields {
    var line = 0
    var amount: Amount?
    var direction = Payment.Direction.credit
    var isReversal = false
    var status = Payment.EntryStatus.booked
    var bookingDate: LocalDate?
    var valueDate: LocalDate?
    var archiveId: String?
    var charges: Amount?
    var batchCount: Int?
    var batchTotal: SignedTotal?
    var transactions = 0
    var transactionNet = SignedTotal()
    var hasTransactionWithoutAmount = false
    /// The last transaction read, handed over once it is known whether it is the entry's only one.
    var pending: TransactionFields?
}

/// What one transaction (`TxDtls`) says.
private struct TransactionFields {
    var archiveId: String?
    var endToEndId: String?
    var amount: Amount?
    var direction: Payment.Direction?
    var transactionAmount: Amount?
    var instructedAmount: Amount?
    var payerName: String?
    var ultimatePayerName: String?
    var unstructured: [String] = []
    var parts: [Payment.Part] = []
    var paymentDate: LocalDate?
    var returnReason: String?
    var charges: Amount?
}

/// A running total of amounts with a direction, for control totals. A total that mixes currencies, or that
/// outgrows 64 bits (absurd amounts in a broken file), cannot be checked and says so instead of trapping.
struct SignedTotal: Equatable {
    var minorUnits: Int64 = 0
    var currency: Currency?
    var isMixed = false

    mutating func add(_ amount: Amount, _ direction: Payment.Direction) {
        if let currency, currency != amount.currency { isMixed = true }
        currency = amount.currency
        let (sum, overflow) = minorUnits.addingReportingOverflow(direction == .credit ? amount.minorUnits : -amount.minorUnits)
        if overflow { isMixed = true }
        minorUnits = sum
    }

    var text: String {
        guard let currency else { return "0" }
        return Amount(minorUnits: minorUnits, currency: currency).description
    }
}

/// The totals a report (`Ntfctn`/`Stmt`) states in `TxsSummry`, checked against its entries.
private struct ReportTotals {
    var line = 0
    var stated: [(what: String, count: Int?, sum: String?)] = []
    var statedNet: (amount: String, direction: Payment.Direction)?
    var entries = 0
    var absoluteSum: Int64 = 0
    var credits = (count: 0, sum: Int64(0))
    var debits = (count: 0, sum: Int64(0))
    var net = SignedTotal()
}

/// The state of reading one camt document.
private struct CamtDocument {
    let file: String
    let format: String
    let names: CamtNames
    let diagnostic: (Diagnostic) -> Void
    let payment: (Payment) throws -> Void

    var messageId: String?
    var account: String?
    var reports = 0
    var entryIndex = 0

    mutating func read(_ reader: inout XMLReader) throws {
        let names = self.names
        var foundMessage = false
        try reader.forEachChildElement { reader in
            guard reader.hasName(names.notification) || reader.hasName(names.statement)
                || reader.hasName(names.notificationV01) || reader.hasName(names.statementV01)
            else { return false }
            foundMessage = true
            try readMessage(&reader)
            return true
        }
        guard foundMessage else {
            throw XMLError(
                file: file, line: reader.line, column: 1,
                message: "the document holds no notification or statement (BkToCstmrDbtCdtNtfctn or BkToCstmrStmt)")
        }
    }

    private mutating func readMessage(_ reader: inout XMLReader) throws {
        let names = self.names
        try reader.forEachChildElement { reader in
            if reader.hasName(names.groupHeader) {
                try reader.forEachChildElement { reader in
                    guard reader.hasName(names.messageId) else { return false }
                    messageId = try reader.readTrimmedText()
                    return true
                }
            } else if reader.hasName(names.report) || reader.hasName(names.reportStatement) {
                try readReport(&reader)
            } else {
                return false
            }
            return true
        }
    }

    private mutating func readReport(_ reader: inout XMLReader) throws {
        let names = self.names
        account = nil
        reports += 1
        var totals = ReportTotals()
        try reader.forEachChildElement { reader in
            if reader.hasName(names.account) {
                try readAccount(&reader)
            } else if reader.hasName(names.transactionsSummary) {
                totals.line = reader.line
                try readSummary(&reader, into: &totals)
            } else if reader.hasName(names.entry) {
                try readEntry(&reader, totals: &totals)
            } else {
                return false
            }
            return true
        }
        checkReportTotals(totals)
    }

    private mutating func readAccount(_ reader: inout XMLReader) throws {
        let names = self.names
        try reader.forEachChildElement { reader in
            guard reader.hasName(names.id) else { return false }
            try reader.forEachChildElement { reader in
                if reader.hasName(names.iban) {
                    account = try reader.readTrimmedText()
                } else if reader.hasName(names.other) {
                    try reader.forEachChildElement { reader in
                        guard reader.hasName(names.id) else { return false }
                        account = try account ?? reader.readTrimmedText()
                        return true
                    }
                } else {
                    return false
                }
                return true
            }
            return true
        }
    }

    private func readSummary(_ reader: inout XMLReader, into totals: inout ReportTotals) throws {
        let names = self.names
        try reader.forEachChildElement { reader in
            let what: String
            if reader.hasName(names.totalEntries) {
                what = "entries"
            } else if reader.hasName(names.totalCreditEntries) {
                what = "credit entries"
            } else if reader.hasName(names.totalDebitEntries) {
                what = "debit entries"
            } else {
                return false
            }
            var count: Int?
            var sum: String?
            var net: String?
            var direction: Payment.Direction?
            try reader.forEachChildElement { reader in
                if reader.hasName(names.numberOfEntries) {
                    count = Int(try reader.readTrimmedText() ?? "")
                } else if reader.hasName(names.sum) {
                    sum = try reader.readTrimmedText()
                } else if reader.hasName(names.totalNetEntryAmount) {
                    net = try reader.readTrimmedText()
                } else if reader.hasName(names.creditDebitIndicator) {
                    direction = try self.direction(&reader)
                } else {
                    return false
                }
                return true
            }
            totals.stated.append((what, count, sum))
            if let net { totals.statedNet = (net, direction ?? .credit) }
            return true
        }
    }

    // MARK: Entries

    private mutating func readEntry(_ reader: inout XMLReader, totals: inout ReportTotals) throws {
        let names = self.names
        entryIndex += 1
        var entry = EntryFields()
        entry.line = reader.line
        try reader.forEachChildElement { reader in
            if reader.hasName(names.amount) {
                entry.amount = try amount(&reader)
            } else if reader.hasName(names.creditDebitIndicator) {
                entry.direction = try direction(&reader)
            } else if reader.hasName(names.reversalIndicator) {
                entry.isReversal = try reader.readTrimmedText() == "true"
            } else if reader.hasName(names.status) {
                entry.status = try status(&reader)
            } else if reader.hasName(names.bookingDate) {
                entry.bookingDate = try date(&reader)
            } else if reader.hasName(names.valueDate) {
                entry.valueDate = try date(&reader)
            } else if reader.hasName(names.accountServicerReference) {
                entry.archiveId = try reader.readTrimmedText()
            } else if reader.hasName(names.charges) {
                entry.charges = try charges(&reader)
            } else if reader.hasName(names.entryDetails) {
                try readEntryDetails(&reader, entry: &entry)
            } else if reader.hasName(names.transactionDetails) {
                try readTransaction(&reader, into: &entry)
            } else {
                return false
            }
            return true
        }
        guard let amount = entry.amount else {
            throw XMLError(file: file, line: entry.line, column: 1, message: "Ntry has no Amt")
        }
        try emit(entry.pending.take() ?? TransactionFields(), entry: &entry, position: max(entry.transactions, 1))
        totals.entries += 1
        totals.absoluteSum = totals.absoluteSum &+ amount.minorUnits
        totals.net.add(amount, entry.direction)
        if entry.direction == .credit {
            totals.credits.count += 1
            totals.credits.sum = totals.credits.sum &+ amount.minorUnits
        } else {
            totals.debits.count += 1
            totals.debits.sum = totals.debits.sum &+ amount.minorUnits
        }
        checkEntryTotals(entry, amount: amount)
    }

    private mutating func readEntryDetails(_ reader: inout XMLReader, entry: inout EntryFields) throws {
        let names = self.names
        try reader.forEachChildElement { reader in
            if reader.hasName(names.batch) {
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.numberOfTransactions) {
                        entry.batchCount = Int(try reader.readTrimmedText() ?? "")
                    } else if reader.hasName(names.totalAmount) {
                        let total = try amount(&reader)
                        entry.batchTotal = SignedTotal(minorUnits: total.minorUnits, currency: total.currency)
                    } else if reader.hasName(names.creditDebitIndicator) {
                        if try direction(&reader) == .debit, let total = entry.batchTotal {
                            entry.batchTotal = SignedTotal(minorUnits: -total.minorUnits, currency: total.currency)
                        }
                    } else {
                        return false
                    }
                    return true
                }
            } else if reader.hasName(names.transactionDetails) {
                try readTransaction(&reader, into: &entry)
            } else {
                return false
            }
            return true
        }
    }

    // MARK: Transactions

    /// Reads a `TxDtls` (under `NtryDtls`, or directly under `Ntry` in .001.01) and hands over the one before it.
    private mutating func readTransaction(_ reader: inout XMLReader, into entry: inout EntryFields) throws {
        let transaction = try readTransaction(&reader)
        entry.transactions += 1
        // Moved out, not copied: a transaction holds many strings.
        if let previous = entry.pending.take() { try emit(previous, entry: &entry, position: entry.transactions - 1) }
        entry.pending = transaction
    }

    private func readTransaction(_ reader: inout XMLReader) throws -> TransactionFields {
        let names = self.names
        var transaction = TransactionFields()
        try reader.forEachChildElement { reader in
            if reader.hasName(names.references) {
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.accountServicerReference) {
                        transaction.archiveId = try reader.readTrimmedText()
                    } else if reader.hasName(names.endToEndId) {
                        transaction.endToEndId = try reader.readTrimmedText()
                    } else {
                        return false
                    }
                    return true
                }
            } else if reader.hasName(names.amount) {
                transaction.amount = try amount(&reader)
            } else if reader.hasName(names.creditDebitIndicator) {
                transaction.direction = try direction(&reader)
            } else if reader.hasName(names.amountDetails) {
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.transactionAmount) {
                        transaction.transactionAmount = try nestedAmount(&reader)
                    } else if reader.hasName(names.instructedAmount) {
                        transaction.instructedAmount = try nestedAmount(&reader)
                    } else {
                        return false
                    }
                    return true
                }
            } else if reader.hasName(names.relatedParties) {
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.debtor) {
                        transaction.payerName = try partyName(&reader)
                    } else if reader.hasName(names.ultimateDebtor) {
                        transaction.ultimatePayerName = try partyName(&reader)
                    } else {
                        return false
                    }
                    return true
                }
            } else if reader.hasName(names.remittance) {
                try readRemittance(&reader, into: &transaction)
            } else if reader.hasName(names.relatedDates) {
                try reader.forEachChildElement { reader in
                    guard reader.hasName(names.acceptanceDateTime) else { return false }
                    transaction.paymentDate = try reader.readDate()
                    return true
                }
            } else if reader.hasName(names.returnInformation) {
                try reader.forEachChildElement { reader in
                    guard reader.hasName(names.reason) else { return false }
                    transaction.returnReason = try codeOrProprietary(&reader)
                    return true
                }
            } else if reader.hasName(names.charges) {
                transaction.charges = try charges(&reader)
            } else {
                return false
            }
            return true
        }
        return transaction
    }

    private func readRemittance(_ reader: inout XMLReader, into transaction: inout TransactionFields) throws {
        let names = self.names
        try reader.forEachChildElement { reader in
            if reader.hasName(names.unstructured) {
                if let line = try reader.readTrimmedText() { transaction.unstructured.append(line) }
            } else if reader.hasName(names.structured) {
                transaction.parts.append(try readStructured(&reader))
            } else {
                return false
            }
            return true
        }
    }

    private func readStructured(_ reader: inout XMLReader) throws -> Payment.Part {
        let names = self.names
        var part = Payment.Part()
        try reader.forEachChildElement { reader in
            if reader.hasName(names.creditorReference) {
                try reader.forEachChildElement { reader in
                    guard reader.hasName(names.reference) else { return false }
                    part.reference = StatedReference(stated: try reader.readElementText())
                    return true
                }
            } else if reader.hasName(names.referredDocument) {
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.type) {
                        try reader.forEachChildElement { reader in
                            guard reader.hasName(names.codeOrProprietary) else { return false }
                            part.documentType = try codeOrProprietary(&reader)
                            return true
                        }
                    } else if reader.hasName(names.number) {
                        part.documentNumber = try reader.readTrimmedText()
                    } else {
                        return false
                    }
                    return true
                }
            } else if reader.hasName(names.referredDocumentAmount) {
                try reader.forEachChildElement { reader in
                    if reader.hasName(names.remittedAmount) || reader.hasName(names.duePayableAmount) {
                        part.amount = try part.amount ?? amount(&reader)
                    } else if reader.hasName(names.creditNoteAmount) {
                        part.amount = -(try amount(&reader))
                    } else {
                        return false
                    }
                    return true
                }
            } else {
                return false
            }
            return true
        }
        return part
    }

    /// Builds and hands over one payment, adding it to the entry's control total. A transaction without an
    /// amount of its own takes the entry's amount only when it is the entry's one transaction.
    private mutating func emit(_ transaction: TransactionFields, entry: inout EntryFields, position: Int) throws {
        let isOnlyTransaction = entry.transactions <= 1
        let amount = transaction.amount ?? transaction.transactionAmount ?? (isOnlyTransaction ? entry.amount : nil)
        let direction = transaction.direction ?? entry.direction
        if let amount, entry.transactions > 0 {
            entry.transactionNet.add(amount, direction)
        } else if amount == nil {
            entry.hasTransactionWithoutAmount = true
        }
        let currency = amount?.currency ?? entry.amount?.currency ?? .euro
        let entryKey = entry.archiveId ?? "\(messageId ?? "camt")/\(reports).\(entryIndex)"
        let instructed = transaction.instructedAmount.flatMap { $0.currency != currency ? $0 : nil }
        let reference = transaction.parts.lazy.compactMap(\.reference).first
        let remittanceText = transaction.unstructured.isEmpty ? nil : transaction.unstructured.joined(separator: "\n")
        let endToEndId = transaction.endToEndId.flatMap { $0 == "NOTPROVIDED" ? nil : $0 }
        var made = Payment(
            format: format, file: file, account: account, messageId: messageId,
            entryArchiveId: entry.archiveId, archiveId: transaction.archiveId ?? "\(entryKey)/\(position)",
            bookingDate: entry.bookingDate, valueDate: entry.valueDate, paymentDate: transaction.paymentDate,
            amount: amount, currency: currency, direction: direction, isReversal: entry.isReversal,
            reference: reference,
            remittanceText: remittanceText, payerName: transaction.payerName ?? transaction.ultimatePayerName,
            endToEndId: endToEndId, returnReason: transaction.returnReason, entryStatus: entry.status,
            instructedAmount: instructed,
            charges: transaction.charges ?? (entry.transactions == 0 ? entry.charges : nil),
            parts: transaction.parts.count > 1 ? transaction.parts : [])
        if entry.transactions == 0 { made.batchCount = entry.batchCount }
        try payment(made)
    }

    // MARK: Control totals

    private func checkEntryTotals(_ entry: EntryFields, amount: Amount) {
        func warn(_ message: String) {
            diagnostic(Diagnostic(.warning, file: file, line: entry.line, message: message))
        }
        // A statement may summarise a batch whose transactions it leaves to the notification: nothing to count.
        guard entry.transactions > 0 else { return }
        if let stated = entry.batchCount, stated != entry.transactions {
            warn("Btch/NbOfTxs says \(stated) transactions, the entry holds \(entry.transactions)")
        }
        if entry.hasTransactionWithoutAmount {
            warn("\(entry.transactions) transactions share Ntry/Amt \(amount) and some state no amount of their own")
            return
        }
        guard !entry.transactionNet.isMixed, let currency = entry.transactionNet.currency else {
            warn("the transactions of this \(amount) entry are in several currencies or too large: their total cannot be checked")
            return
        }
        if let total = entry.batchTotal, total.minorUnits != entry.transactionNet.minorUnits {
            warn("Btch/TtlAmt says \(total.text), the transactions add up to \(entry.transactionNet.text)")
        }
        let signedEntry = entry.direction == .credit ? amount.minorUnits : -amount.minorUnits
        if currency != amount.currency || signedEntry != entry.transactionNet.minorUnits {
            warn("Ntry/Amt is \(amount) \(entry.direction), the transactions add up to \(entry.transactionNet.text)")
        }
    }

    private func checkReportTotals(_ totals: ReportTotals) {
        func warn(_ message: String) {
            diagnostic(Diagnostic(.warning, file: file, line: totals.line, message: message))
        }
        let currency = totals.net.currency ?? .euro
        func minorUnits(_ text: String) -> Int64? { try? Amount(parsing: text, currency: currency).minorUnits }
        func show(_ units: Int64) -> String { Amount(minorUnits: units, currency: currency).description }
        for stated in totals.stated {
            let actual: (count: Int, sum: Int64)
            switch stated.what {
            case "entries": actual = (totals.entries, totals.absoluteSum)
            case "credit entries": actual = totals.credits
            default: actual = totals.debits
            }
            if let count = stated.count, count != actual.count {
                warn("TxsSummry says \(count) \(stated.what), the report holds \(actual.count)")
            }
            if !totals.net.isMixed, let sum = stated.sum, let units = minorUnits(sum), units != actual.sum {
                warn("TxsSummry says the \(stated.what) sum to \(show(units)), they sum to \(show(actual.sum))")
            }
        }
        if !totals.net.isMixed, let net = totals.statedNet, let units = minorUnits(net.amount) {
            let signed = net.direction == .credit ? units : -units
            if signed != totals.net.minorUnits {
                warn("TxsSummry says the net of the entries is \(show(signed)), it is \(show(totals.net.minorUnits))")
            }
        }
    }

    // MARK: Fields

    /// An amount: the currency in `Ccy` (required), never negative (camt states the sign in `CdtDbtInd`).
    private func amount(_ reader: inout XMLReader) throws(XMLError) -> Amount {
        try reader.readAmount(currencyAttribute: "Ccy", negativeRefusal: "camt amounts never are")
    }

    /// The `Amt` inside an element such as `TxAmt` or `InstdAmt`.
    private func nestedAmount(_ reader: inout XMLReader) throws -> Amount? {
        let names = self.names
        var result: Amount?
        try reader.forEachChildElement { reader in
            guard reader.hasName(names.amount) else { return false }
            result = try amount(&reader)
            return true
        }
        return result
    }

    private func direction(_ reader: inout XMLReader) throws -> Payment.Direction {
        switch try reader.readTrimmedText() {
        case "CRDT": return .credit
        case "DBIT": return .debit
        case let other: throw reader.error("CdtDbtInd: '\(other ?? "")' is neither CRDT nor DBIT")
        }
    }

    /// `Sts` holds its code as text up to .06 and as `Sts/Cd` or `Sts/Prtry` from .08 on.
    private func status(_ reader: inout XMLReader) throws -> Payment.EntryStatus {
        let names = self.names
        var code = ""
        var isFound = false
        while try reader.read() {
            if reader.kind == .text, let value = reader.value { code += value }
            if reader.kind == .startElement && (reader.hasName(names.code) || reader.hasName(names.proprietary)) {
                code = try reader.readElementText()
                isFound = true
            }
            if reader.isEndElement(names.status) { break }
        }
        let trimmed = code.trimmingWhitespace
        guard isFound || !trimmed.isEmpty else { throw reader.error("Sts is empty") }
        return Payment.EntryStatus(code: trimmed)
    }

    /// The date in a `Dt` or `DtTm` child.
    private func date(_ reader: inout XMLReader) throws -> LocalDate? {
        let names = self.names
        var result: LocalDate?
        try reader.forEachChildElement { reader in
            guard reader.hasName(names.date) || reader.hasName(names.dateTime) else { return false }
            result = try reader.readDate()
            return true
        }
        return result
    }

    /// A `Cd` or `Prtry` child's text (reason codes, document types).
    private func codeOrProprietary(_ reader: inout XMLReader) throws -> String? {
        let names = self.names
        var result: String?
        try reader.forEachChildElement { reader in
            guard reader.hasName(names.code) || reader.hasName(names.proprietary) else { return false }
            result = try result ?? reader.readTrimmedText()
            return true
        }
        return result
    }

    /// The name of a party: `Nm` up to .06, `Pty/Nm` from .08 on.
    private func partyName(_ reader: inout XMLReader) throws -> String? {
        let names = self.names
        var result: String?
        try reader.forEachChildElement { reader in
            if reader.hasName(names.name) {
                result = try reader.readTrimmedText()
            } else if reader.hasName(names.party) {
                result = try partyName(&reader)
            } else {
                return false
            }
            return true
        }
        return result
    }

    /// Charges: `TtlChrgsAndTaxAmt` where given, else the sum of the records' (or, in .02, the list's) `Amt`.
    private func charges(_ reader: inout XMLReader) throws -> Amount? {
        let names = self.names
        var total: Amount?
        var sum: Amount?
        try reader.forEachChildElement { reader in
            if reader.hasName(names.totalChargesAndTax) {
                total = try amount(&reader)
            } else if reader.hasName(names.amount) {
                let value = try amount(&reader)
                sum = sum.map { $0.currency == value.currency ? $0 + value : $0 } ?? value
            } else if reader.hasName(names.record) {
                if let value = try charges(&reader) {
                    sum = sum.map { $0.currency == value.currency ? $0 + value : $0 } ?? value
                }
            } else {
                return false
            }
            return true
        }
        return total ?? sum
    }
}
