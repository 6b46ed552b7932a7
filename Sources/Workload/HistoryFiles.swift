import Foundation
import Receivables

/// The files of a generated history day: its camt.054 notification, the camt.053 statement of its booked entries
/// (delivered the next business day), its truth, and the population's customers.json.
enum HistoryFiles {
    /// One `Ntry` of a day: the batch of booked credits, the batch of pending ones, or one reversal.
    struct Entry {
        /// `Ntry/AcctSvcrRef`: `GEN<YYYYMMDD>N<4 digits>`, the same in the notification and the statement.
        let archiveId: String
        let isBooked: Bool
        let isReversal: Bool
        let lines: [BankLine]
        var total: Int64 { lines.reduce(0) { $0 + $1.amount } }
    }

    /// The day's entries, in the order the notification lists them.
    static func entries(of day: DayPlan) -> [Entry] {
        let compact = day.date.description.filter(\.isNumber)
        var entries: [Entry] = []
        func nextId() -> String { "GEN\(compact)N\(padded(entries.count + 1, to: 4))" }
        if !day.booked.isEmpty {
            entries.append(Entry(archiveId: nextId(), isBooked: true, isReversal: false, lines: day.booked))
        }
        if !day.pending.isEmpty {
            entries.append(Entry(archiveId: nextId(), isBooked: false, isReversal: false, lines: day.pending))
        }
        for reversal in day.reversals {
            entries.append(Entry(archiveId: nextId(), isBooked: true, isReversal: true, lines: [reversal]))
        }
        return entries
    }

    /// Writes the day's camt.054: every entry, each transaction with its archive id.
    static func writeNotification(_ day: DayPlan, entries: [Entry], seller: Seller, version: String, to path: String) throws {
        let output = try BufferedFile(path: path)
        let date = day.date.description
        let compact = date.filter(\.isNumber)
        output.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.\(version)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <BkToCstmrDbtCdtNtfctn>
            <GrpHdr><MsgId>CAMT\(compact)GEN</MsgId><CreDtTm>\(date)T06:00:00+02:00</CreDtTm></GrpHdr>
            <Ntfctn>
            <Id>CAMT\(compact)GEN-1</Id><CreDtTm>\(date)T06:00:00+02:00</CreDtTm>
            \(account(seller, version: version))

            """)
        for (position, entry) in entries.enumerated() {
            write(entry, position: position + 1, day: date, version: version, withArchiveIds: true, to: output)
        }
        output.write("</Ntfctn>\n</BkToCstmrDbtCdtNtfctn>\n</Document>\n")
        try output.close()
    }

    /// Writes the camt.053 statement of the day's booked entries, as delivered on `delivered`: the same entry archive
    /// ids as the notification, transactions without `Refs/AcctSvcrRef`, balances and control totals.
    static func writeStatement(
        _ day: DayPlan, entries: [Entry], seller: Seller, version: String, sequenceNumber: Int, delivered: LocalDate,
        to path: String
    ) throws {
        let booked = entries.filter(\.isBooked)
        let output = try BufferedFile(path: path)
        let date = day.date.description
        let compact = date.filter(\.isNumber)
        let credits = booked.filter { !$0.isReversal }
        let debits = booked.filter(\.isReversal)
        let creditSum = credits.reduce(0) { $0 + $1.total }
        let debitSum = debits.reduce(0) { $0 + $1.total }
        let net = creditSum - debitSum
        let netText = WorkloadWriter.decimal(abs(net))
        let netDirection = net >= 0 ? "CRDT" : "DBIT"
        let netTotal = version == "02"
            ? "<TtlNetNtryAmt>\(netText)</TtlNetNtryAmt><CdtDbtInd>\(netDirection)</CdtDbtInd>"
            : "<TtlNetNtry><Amt>\(netText)</Amt><CdtDbtInd>\(netDirection)</CdtDbtInd></TtlNetNtry>"
        func balance(_ code: String, _ cents: Int64) -> String {
            "<Bal><Tp><CdOrPrtry><Cd>\(code)</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">\(WorkloadWriter.decimal(abs(cents)))</Amt>"
                + "<CdtDbtInd>\(cents >= 0 ? "CRDT" : "DBIT")</CdtDbtInd><Dt><Dt>\(date)</Dt></Dt></Bal>"
        }
        output.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.\(version)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <BkToCstmrStmt>
            <GrpHdr><MsgId>STMT\(compact)GEN</MsgId><CreDtTm>\(delivered)T05:00:00+02:00</CreDtTm></GrpHdr>
            <Stmt>
            <Id>STMT\(compact)GEN-1</Id><ElctrncSeqNb>\(sequenceNumber)</ElctrncSeqNb><CreDtTm>\(delivered)T05:00:00+02:00</CreDtTm><FrToDt><FrDtTm>\(date)T00:00:00+02:00</FrDtTm><ToDtTm>\(date)T23:59:59+02:00</ToDtTm></FrToDt>
            \(account(seller, version: version))
            \(balance("OPBD", day.openingBalance))\(balance("CLBD", day.closingBalance))
            <TxsSummry><TtlNtries><NbOfNtries>\(booked.count)</NbOfNtries><Sum>\(WorkloadWriter.decimal(creditSum + debitSum))</Sum>\(netTotal)</TtlNtries><TtlCdtNtries><NbOfNtries>\(credits.count)</NbOfNtries><Sum>\(WorkloadWriter.decimal(creditSum))</Sum></TtlCdtNtries><TtlDbtNtries><NbOfNtries>\(debits.count)</NbOfNtries><Sum>\(WorkloadWriter.decimal(debitSum))</Sum></TtlDbtNtries></TxsSummry>

            """)
        for (position, entry) in booked.enumerated() {
            write(entry, position: position + 1, day: date, version: version, withArchiveIds: false, to: output)
        }
        output.write("</Stmt>\n</BkToCstmrStmt>\n</Document>\n")
        try output.close()
    }

    private static func account(_ seller: Seller, version: String) -> String {
        let bic = version == "02" ? "BIC" : "BICFI"
        return "<Acct><Id><IBAN>\(seller.account)</IBAN></Id><Ccy>EUR</Ccy><Svcr><FinInstnId><\(bic)>NDEAFIHH</\(bic)></FinInstnId></Svcr></Acct>"
    }

    private static func write(
        _ entry: Entry, position: Int, day: String, version: String, withArchiveIds: Bool, to output: BufferedFile
    ) {
        let isV04 = version != "02"
        let isV08 = Int(version).map { $0 >= 8 } ?? false
        let code = entry.isBooked ? "BOOK" : "PDNG"
        let status = isV08 ? "<Sts><Cd>\(code)</Cd></Sts>" : "<Sts>\(code)</Sts>"
        let total = WorkloadWriter.decimal(entry.total)
        let direction = entry.isReversal ? "DBIT" : "CRDT"
        // A pending entry is not booked yet: it has no booking date.
        let bookingDate = entry.isBooked ? "<BookgDt><Dt>\(day)</Dt></BookgDt>" : ""
        var text = "<Ntry><NtryRef>\(position)</NtryRef><Amt Ccy=\"EUR\">\(total)</Amt><CdtDbtInd>\(direction)</CdtDbtInd>"
            + (entry.isReversal ? "<RvslInd>true</RvslInd>" : "")
            + "\(status)\(bookingDate)<ValDt><Dt>\(day)</Dt></ValDt><AcctSvcrRef>\(entry.archiveId)</AcctSvcrRef>"
        if entry.isReversal {
            text += "<NtryDtls>\n"
        } else {
            text += "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd></Fmly></Domn>"
                + "<Prtry><Cd>705</Cd><Issr>FFFS</Issr></Prtry></BkTxCd><NtryDtls><Btch><NbOfTxs>\(entry.lines.count)</NbOfTxs>"
                + "<TtlAmt Ccy=\"EUR\">\(total)</TtlAmt><CdtDbtInd>CRDT</CdtDbtInd></Btch>\n"
        }
        output.write(text)
        for line in entry.lines {
            output.write(Camt.transaction(
                archiveId: withArchiveIds ? line.archiveId : nil, amount: Amount(minorUnits: line.amount, currency: .euro),
                direction: entry.isReversal ? .debit : .credit, payerName: line.payerName, reference: line.reference,
                text: line.text, day: day, isV04: isV04, isV08: isV08))
        }
        output.write("</NtryDtls></Ntry>\n")
    }

    // MARK: Truth

    /// Writes the day's truth.json: what the day's run books or changes, as it stands after the run, and the ledger's
    /// totals. Keys are sorted; each invoice and payment is one line, so that the file greps and diffs well.
    static func writeTruth(_ day: DayPlan, seed: UInt64, account: String, to path: String) throws {
        let output = try BufferedFile(path: path)
        let totals = day.totals
        let cases = WorkloadHistory.Case.allCases.sorted { $0.rawValue < $1.rawValue }
            .map { "\(json($0.rawValue)): \(day.cases[$0] ?? 0)" }
        let statuses = PaymentStatus.allCases.sorted { $0.rawValue < $1.rawValue }
            .map { "\(json($0.rawValue)): \(totals.statuses[$0.position])" }
        output.write("""
            {
              "account": \(json(account)),
              "asOf": "\(day.date)",
              "cases": {\(cases.joined(separator: ", "))},
              "day": \(day.index + 1),
              "invoices": [

            """)
        for (position, invoice) in day.invoices.enumerated() {
            output.write("    {\"amount\": \(money(invoice.amount)), \"credited\": \(money(invoice.credited)), "
                + "\"customer\": \(json(invoice.customer)), \"dueDate\": \"\(invoice.dueDate)\", "
                + "\"invoiceDate\": \"\(invoice.invoiceDate)\", \"invoiceNumber\": \(json(invoice.invoiceNumber)), "
                + "\"open\": \(money(invoice.open)), \"originalInvoiceNumber\": \(json(invoice.originalInvoiceNumber)), "
                + "\"paid\": \(money(invoice.paid)), \"reference\": \(json(invoice.reference)), "
                + "\"status\": \(json(invoice.status)), \"type\": \(json(invoice.type))}"
                + (position + 1 < day.invoices.count ? ",\n" : "\n"))
        }
        output.write("""
              ],
              "ledger": {"amount": \(money(totals.amount)), "creditNotes": \(totals.creditNotes), "credited": \(money(totals.credited)), "invoices": \(totals.invoices), "open": \(money(totals.open)), "paid": \(money(totals.paid)), "payments": \(totals.payments), "statuses": {\(statuses.joined(separator: ", "))}, "unapplied": \(money(totals.unapplied))},
              "payments": [

            """)
        for (position, payment) in day.payments.enumerated() {
            output.write("    {\"amount\": \(money(payment.amount)), \"archiveId\": \(json(payment.archiveId)), "
                + "\"bookingDate\": \(json(payment.bookingDate?.description)), \"case\": \(json(payment.paymentCase.rawValue)), "
                + "\"invoiceNumber\": \(json(payment.invoiceNumber)), \"reason\": \(json(payment.reason)), "
                + "\"reference\": \(json(payment.reference)), \"reversal\": \(payment.isReversal), "
                + "\"status\": \(json(payment.status)), \"unapplied\": \(money(payment.unapplied))}"
                + (position + 1 < day.payments.count ? ",\n" : "\n"))
        }
        output.write("""
              ],
              "seed": \(seed)
            }

            """)
        try output.close()
    }

    /// Writes the accountant's decisions as the run reads them from `inbox/decisions/` (docs/design.md: the columns
    /// of unmatched-payments.csv that a person fills in).
    static func writeDecisions(_ decisions: [DecisionLine], to path: String) throws {
        let output = try BufferedFile(path: path)
        output.write("archiveId,action,invoiceNumber,note\n")
        for decision in decisions {
            output.write("\(decision.archiveId),\(decision.action),\(decision.invoiceNumber ?? ""),\(decision.note)\n")
        }
        try output.close()
    }

    /// Writes customers.json: the population, one customer with its habit per line.
    static func writeCustomers(_ customers: [HistoryCustomer], to path: String) throws {
        let output = try BufferedFile(path: path)
        output.write("{\n  \"customers\": [\n")
        for (position, customer) in customers.enumerated() {
            let habit = customer.habit
            output.write("    {\"businessId\": \(json(customer.profile.businessID)), "
                + "\"consumer\": \(customer.profile.businessID == nil), \"customer\": \(json(customer.key)), "
                + "\"habit\": {\"delayDays\": \(habit.delayDays), \"jitterDays\": \(habit.jitterDays), "
                + "\"kind\": \(json(habit.kind.rawValue)), \"neverPaysPerMille\": \(habit.neverPaysPerMille), "
                + "\"partialPerMille\": \(habit.partialPerMille), \"referenceStyle\": \(json(habit.referenceStyle.rawValue))}, "
                + "\"name\": \(json(customer.profile.name)), \"typicalAmount\": \(money(customer.typicalCents))}"
                + (position + 1 < customers.count ? ",\n" : "\n"))
        }
        output.write("  ]\n}\n")
        try output.close()
    }

    /// An amount as a JSON decimal string (`"12.50"`).
    private static func money(_ cents: Int64) -> String { "\"\(WorkloadWriter.decimal(cents))\"" }

    /// A JSON string, or `null`.
    private static func json(_ text: String?) -> String {
        guard let text else { return "null" }
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return "\"\(text)\"" }
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
