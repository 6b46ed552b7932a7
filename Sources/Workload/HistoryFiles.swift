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

    /// The day's truth.json: what the day's run books or changes, as it stands after the run, and the ledger's totals.
    static func truth(_ day: DayPlan, seed: UInt64, account: String) throws -> Data {
        let invoices: [[String: Any]] = day.invoices.map { invoice in
            [
                "invoiceNumber": invoice.invoiceNumber, "type": invoice.type, "amount": WorkloadWriter.decimal(invoice.amount),
                "reference": invoice.reference, "credited": WorkloadWriter.decimal(invoice.credited),
                "paid": WorkloadWriter.decimal(invoice.paid), "open": WorkloadWriter.decimal(invoice.open),
                "status": invoice.status, "originalInvoiceNumber": invoice.originalInvoiceNumber ?? NSNull(),
                "invoiceDate": invoice.invoiceDate.description, "dueDate": invoice.dueDate.description,
                "customer": invoice.customer,
            ]
        }
        let payments: [[String: Any]] = day.payments.map { payment in
            [
                "archiveId": payment.archiveId, "reversal": payment.isReversal, "amount": WorkloadWriter.decimal(payment.amount),
                "case": payment.paymentCase.rawValue, "reference": payment.reference ?? NSNull(), "status": payment.status,
                "reason": payment.reason ?? NSNull(), "unapplied": WorkloadWriter.decimal(payment.unapplied),
                "invoiceNumber": payment.invoiceNumber ?? NSNull(),
                "bookingDate": payment.bookingDate?.description ?? NSNull(),
            ]
        }
        var cases: [String: Int] = [:]
        for item in WorkloadHistory.Case.allCases { cases[item.rawValue] = day.cases[item] ?? 0 }
        var statuses: [String: Int] = [:]
        for status in PaymentStatus.allCases { statuses[status.rawValue] = day.totals.statuses[status.position] }
        let totals = day.totals
        let ledger: [String: Any] = [
            "invoices": totals.invoices, "creditNotes": totals.creditNotes, "amount": WorkloadWriter.decimal(totals.amount),
            "paid": WorkloadWriter.decimal(totals.paid), "credited": WorkloadWriter.decimal(totals.credited),
            "open": WorkloadWriter.decimal(totals.open), "payments": totals.payments,
            "unapplied": WorkloadWriter.decimal(totals.unapplied), "statuses": statuses,
        ]
        let document: [String: Any] = [
            "asOf": day.date.description, "day": day.index + 1, "seed": seed, "account": account, "invoices": invoices,
            "payments": payments, "cases": cases, "ledger": ledger,
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
    }

    /// customers.json: the population, each customer with its habit.
    static func customers(_ customers: [HistoryCustomer]) throws -> Data {
        let list: [[String: Any]] = customers.map { customer in
            let habit = customer.habit
            return [
                "customer": customer.key, "name": customer.profile.name, "businessId": customer.profile.businessID ?? NSNull(),
                "consumer": customer.profile.businessID == nil, "typicalAmount": WorkloadWriter.decimal(customer.typicalCents),
                "habit": [
                    "kind": habit.kind.rawValue, "delayDays": habit.delayDays, "jitterDays": habit.jitterDays,
                    "neverPaysPerMille": habit.neverPaysPerMille, "partialPerMille": habit.partialPerMille,
                    "referenceStyle": habit.referenceStyle.rawValue,
                ] as [String: Any],
            ]
        }
        return try JSONSerialization.data(withJSONObject: ["customers": list], options: [.sortedKeys, .prettyPrinted])
    }
}
