public import Receivables

/// The day's outputs for the accountant: the unmatched-payments CSV and the report page. Both are functions of
/// the ledger, the quarantine and the as-of date only, so that re-running a day gives the same bytes.
public enum AccountantReport {
    /// The columns of unmatched-payments.csv, in order: the payment, why it is listed, saatava's suggestion, and the
    /// decision columns left empty for the accountant (`action`, `invoiceNumber`, `note`: see the decisions CSV).
    public static let columns = [
        "archiveId", "bookingDate", "amount", "currency", "payerName", "reference", "remittanceText", "reason",
        "unapplied", "suggestedInvoice", "suggestionRule", "confidence", "action", "invoiceNumber", "note",
    ]

    /// The accountant's list in the order the page and the CSV give it: grouped by reason, the groups with the largest
    /// euro sums first (then the largest sums in other currencies, then in the order of `UnappliedReason`'s cases, no
    /// reason last); within a group the payments with a suggestion first, then euros before other currencies, then
    /// the largest unapplied amounts, then by archive id.
    /// - Parameter payments: The payments to decide on (`Ledger.paymentViews(onlyToDecide: true)`).
    public static func accountantsList(_ payments: [PaymentView]) -> [(reason: UnappliedReason?, payments: [PaymentView])] {
        byReason(payments).map { group in
            (reason: group.reason, payments: group.payments.sorted { a, b in
                if (a.suggestedInvoice != nil) != (b.suggestedInvoice != nil) { return a.suggestedInvoice != nil }
                if (a.currency == .euro) != (b.currency == .euro) { return a.currency == .euro }
                if a.unapplied != b.unapplied { return a.unapplied > b.unapplied }
                return a.archiveId < b.archiveId
            })
        }
    }

    /// The payments grouped by reason in the order of `accountantsList`, each group's payments in the order they came.
    private static func byReason(_ payments: [PaymentView]) -> [(reason: UnappliedReason?, payments: [PaymentView])] {
        func rank(_ reason: UnappliedReason?) -> Int {
            reason.flatMap { UnappliedReason.allCases.firstIndex(of: $0) } ?? UnappliedReason.allCases.count
        }
        func sums(_ group: [PaymentView]) -> (euro: Int64, other: Int64) {
            group.reduce((Int64(0), Int64(0))) { sums, payment in
                payment.currency == .euro
                    ? (addingSaturated(sums.0, payment.unapplied), sums.1)
                    : (sums.0, addingSaturated(sums.1, payment.unapplied))
            }
        }
        let groups = Dictionary(grouping: payments, by: \.reason).map { (reason: $0, sums: sums($1), payments: $1) }
        return groups.sorted { a, b in
            if a.sums.euro != b.sums.euro { return a.sums.euro > b.sums.euro }
            if a.sums.other != b.sums.other { return a.sums.other > b.sums.other }
            return rank(a.reason) < rank(b.reason)
        }.map { (reason: $0.reason, payments: $0.payments) }
    }

    /// unmatched-payments.csv (UTF-8, header row) of the payments to decide on, in the order of `accountantsList`, in
    /// a dialect: RFC 4180 with dot decimals and ISO dates, or `excel-fi`. Texts that start like a formula get a
    /// leading `'`; amounts, dates and the confidence are numeric cells. The decision columns are empty, for the
    /// accountant to fill in and drop the file in inbox/decisions/. Handed to `write` a thousand payments at a time:
    /// a big day's is megabytes, never held whole.
    public static func unmatchedCSV<Failure: Error>(
        _ payments: [PaymentView], dialect: CSVDialect, to write: (String) throws(Failure) -> Void
    ) throws(Failure) {
        var csv = CSVWriter(header: columns, dialect: dialect)
        var rows = 0
        for group in accountantsList(payments) {
            for payment in group.payments {
                csv.row([
                    .text(payment.archiveId), .date(payment.bookingDate),
                    .numeric(payment.amount.map { money($0, payment.currency) }), .text(payment.currency.code),
                    .text(payment.payerName), .text(payment.reference), .text(payment.remittanceText),
                    .text(payment.reason?.rawValue),
                    .numeric(money(payment.unapplied, payment.currency)), .text(payment.suggestedInvoice),
                    .text(payment.suggestionRule?.rawValue), .numeric(payment.confidence.map { confidence($0) }),
                    .text(nil), .text(nil), .text(nil),
                ])
                rows += 1
                if rows % 1_000 == 0 { try write(csv.take()) }
            }
        }
        try write(csv.take())
    }

    /// report.html in a language, handed to `write` a piece at a time (a big day's list of payments to decide on is
    /// tens of megabytes, never held whole): the day's figures; first the accountant's list (`accountantsList`: each
    /// group with the reason in words and what to do); then what the run refused, customer credits, the open invoices,
    /// the dunning of the day, delivery, warnings and the files refused. Self-contained (inline CSS, no scripts),
    /// printable on A4.
    /// - Parameters:
    ///   - asOf: The day.
    ///   - language: The language of every text the page shows, and of its amounts and dates.
    ///   - toDecide: The payments the accountant must look at, listed in full: those booked in the last 30 days.
    ///   - olderToDecide: Those booked before, summarised by reason and age (`olderBands`) so that the page grows with
    ///     the day, not with history; `saatava ledger payments --status unmatched` lists them all.
    ///   - received: Payments booked on the day: how many, and how much per currency.
    ///   - open: Invoices owing money: how many, and how much per currency.
    ///   - credits: Customer credits left by credit notes larger than what their invoice owed.
    ///   - quarantined: Refused files with their reasons.
    ///   - problems: What this run refused and why: conflicting re-deliveries kept out, decision files refused.
    ///   - warnings: What the run noticed in files it booked (a control total that does not add up, a due date given
    ///     twice), located `FILE:LINE:COL: warning: …`.
    ///   - dunning: The day's reminders and transfers, and why other overdue invoices waited.
    ///   - delivered: Files uploaded by this run (`FILE → DESTINATION (REMOTE PATH)`).
    ///   - deliveryWaiting: Files not delivered yet, each with why.
    ///   - write: Takes the page's pieces in order.
    public static func html<Failure: Error>(
        asOf: LocalDate, language: Language, toDecide listed: [PaymentView], received: CountAndSums, open: CountAndSums,
        credits: [CustomerCredit], quarantined: [(file: String, reason: String)], problems: [String] = [],
        warnings: [String] = [], dunning: DunningDay? = nil, delivered: [String] = [], deliveryWaiting: [String] = [],
        insight: InsightReport? = nil, olderToDecide: [PaymentView] = [], decided: [AppliedDecision] = [],
        openDatedLater: CountAndSums = CountAndSums(count: 0, byCurrency: [:]),
        to write: (String) throws(Failure) -> Void
    ) throws(Failure) {
        let texts = language.report
        let day = texts.date(asOf)
        try write(head(language: language, title: texts.title(day)))
        try write(figures(texts, day: day, received: received, listed: listed, older: olderToDecide, open: open,
                          quarantined: quarantined.count))
        try accountantsListSection(listed, texts, to: write)
        for section in [
            olderSection(olderToDecide, asOf: asOf, texts),
            list(texts.refusedHeading, problems, advice: texts.refusedAdvice),
            decidedSection(decided, texts),
            creditsSection(credits, texts),
            "<h2>\(texts.openHeading)</h2>\n<p>\(escape(texts.openInvoices(open.count, sums(open, texts))))"
                + (openDatedLater.count == 0 ? ""
                    : " " + escape(texts.openDatedLater(openDatedLater.count, sums(openDatedLater, texts))))
                + "</p>\n",
            dunning.map { dunningSection($0, texts) } ?? "",
            list(texts.deliveryWaitingHeading, deliveryWaiting, advice: texts.deliveryWaitingAdvice),
            list(texts.deliveredHeading, delivered, advice: texts.deliveredAdvice),
            insight.map { InsightPage.sections($0, language.insight) } ?? "",
            list(texts.warningsHeading, warnings, advice: texts.warningsAdvice),
            quarantinedSection(quarantined, texts),
        ] {
            try write(section)
        }
        try write("</body></html>\n")
    }

    /// The page up to the body's first element: the language, the title, the inline style (A4 print, tables whose
    /// long texts wrap, headings kept with what follows them, charts as wide as the column).
    static func head(language: Language, title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body { font: 10.5pt/1.4 system-ui, sans-serif; margin: 2em; color: #111; }
        h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.5em; } h3 { font-size: 11pt; margin: 1.2em 0 0.2em; }
        h2, h3 { break-after: avoid; page-break-after: avoid; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border-bottom: 1px solid #ccc; padding: 3px 5px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        .money { text-align: right; white-space: nowrap; overflow-wrap: normal; }
        th { overflow-wrap: normal; } th.money { white-space: normal; } td { min-width: 3.5em; } td:first-child { min-width: 6em; }
        td.words { overflow-wrap: normal; } td.date { white-space: nowrap; overflow-wrap: normal; }
        thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }
        .advice { color: #444; font-size: 9.5pt; } small { color: #555; } .alarm { color: #b71c1c; font-weight: 600; }
        svg.chart { display: block; width: 100%; max-width: 170mm; height: auto; margin: 0.6em 0; break-inside: avoid; page-break-inside: avoid; }
        @page { size: A4; margin: 15mm 12mm; }
        @media print { body { margin: 0; font-size: 9.5pt; } }
        </style></head><body>
        <h1>\(escape(title))</h1>

        """
    }

    /// The day's figures: payments booked, payments to decide on (those listed in full and the older), open invoices,
    /// files refused.
    private static func figures(
        _ texts: ReportTexts, day: String, received: CountAndSums, listed: [PaymentView], older: [PaymentView],
        open: CountAndSums, quarantined: Int
    ) -> String {
        func row(_ label: String, _ count: Int, _ sums: String) -> String {
            "<tr><th>\(escape(label))</th><td class=\"money\">\(count)</td><td class=\"money\">\(escape(sums))</td></tr>\n"
        }
        return "<table>\n"
            + row(texts.bookedOn(day), received.count, sums(received, texts))
            + row(texts.toDecideFigure, listed.count + older.count,
                  totals([listed, older].joined().map { ($0.unapplied, $0.currency) }, texts))
            + row(texts.openFigure, open.count, sums(open, texts))
            + row(texts.quarantinedFigure, quarantined, "")
            + "</table>\n"
    }

    /// The accountant's list, group by group, each with the reason in words and what to do; handed to `write` a
    /// thousand payments at a time.
    private static func accountantsListSection<Failure: Error>(
        _ listed: [PaymentView], _ texts: ReportTexts, to write: (String) throws(Failure) -> Void
    ) throws(Failure) {
        var piece = "<h2>\(texts.toDecideHeading)</h2>\n"
        guard !listed.isEmpty else { return try write(piece + "<p>\(texts.nothingToDecide)</p>\n") }
        piece += "<p class=\"advice\">\(texts.howToDecide)</p>\n"
        var rows = 0
        for group in accountantsList(listed) {
            let title = texts.reasonTitle(group.reason)
            let sum = totals(group.payments.map { ($0.unapplied, $0.currency) }, texts)
            piece += "<h3>\(escape(texts.group(title, group.payments.count, sum)))</h3>\n"
            piece += "<p class=\"advice\">\(escape(texts.reasonAdvice(group.reason)))</p>\n"
            piece += "<table><thead><tr><th>\(texts.booked)</th><th>\(texts.payer)</th>"
                + "<th>\(texts.referenceOrMessage)</th><th class=\"money\">\(texts.amount)</th>"
                + "<th class=\"money\">\(texts.unapplied)</th><th>\(texts.suggestion)</th></tr></thead>\n<tbody>\n"
            for payment in group.payments {
                piece += row(payment, texts)
                rows += 1
                if rows % 1_000 == 0 {
                    try write(piece)
                    piece = ""
                }
            }
            piece += "</tbody></table>\n"
        }
        try write(piece)
    }

    /// How many days back the accountant's list and the decisions CSV list payments in full.
    public static let listedDays = 30

    /// The age bands of the older payments to decide on, by days since booking.
    static let olderBands: [(from: Int, through: Int?)] = [(31, 60), (61, 90), (91, 180), (181, nil)]

    /// The payments to decide on booked more than `listedDays` ago: counts and sums by reason and age band.
    private static func olderSection(_ older: [PaymentView], asOf: LocalDate, _ texts: ReportTexts) -> String {
        guard !older.isEmpty else { return "" }
        var page = "<h3>\(escape(texts.olderHeading(listedDays)))</h3>\n<p class=\"advice\">\(texts.olderAdvice)</p>\n"
        page += "<table><thead><tr><th>\(texts.reason)</th><th>\(texts.age)</th><th class=\"money\">\(texts.count)</th>"
            + "<th class=\"money\">\(texts.unapplied)</th></tr></thead>\n<tbody>\n"
        // Only counted and summed: the groups in the list's order, the payments in each left unsorted.
        for group in byReason(older) {
            var inBands = Array(repeating: [(Int64, Currency)](), count: olderBands.count)
            for payment in group.payments {
                let days = payment.bookingDate.map { $0.days(until: asOf) } ?? listedDays + 1
                let band = olderBands.firstIndex { days >= $0.from && $0.through.map { days <= $0 } ?? true }
                guard let band else { continue }
                inBands[band].append((payment.unapplied, payment.currency))
            }
            for (band, inBand) in zip(olderBands, inBands) where !inBand.isEmpty {
                page += "<tr><td>\(escape(texts.reasonTitle(group.reason)))</td>"
                    + "<td>\(escape(texts.ageBand(band.from, band.through)))</td>"
                    + "<td class=\"money\">\(inBand.count)</td>"
                    + "<td class=\"money\">\(escape(totals(inBand, texts)))</td></tr>\n"
            }
        }
        return page + "</tbody></table>\n"
    }

    /// One payment of the accountant's list.
    private static func row(_ payment: PaymentView, _ texts: ReportTexts) -> String {
        let reference = [payment.reference, payment.remittanceText].compactMap { $0 }
            .map { escape($0).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>") }
            .joined(separator: "<br>")
        let booked = payment.bookingDate.map(texts.date) ?? ""
        let amount = payment.amount.map { texts.money($0, payment.currency) } ?? ""
        var suggestion = ""
        if let invoice = payment.suggestedInvoice {
            let why = [payment.suggestionRule.map(texts.ruleName), payment.confidence.map { texts.confidence(percent($0)) }]
                .compactMap { $0 }.joined(separator: ", ")
            suggestion = "<b>\(escape(texts.suggestedInvoice(invoice)))</b>" + (why.isEmpty ? "" : "<br><small>\(escape(why))</small>")
        }
        return "<tr><td>\(booked)<br><small>\(escape(payment.archiveId))</small></td>"
            + "<td>\(escape(payment.payerName ?? ""))</td><td>\(reference)</td>"
            + "<td class=\"money\">\(amount)</td><td class=\"money\">\(texts.money(payment.unapplied, payment.currency))</td>"
            + "<td>\(suggestion)</td></tr>\n"
    }

    /// A customer by name, its key beneath (two customers may share a name); by key when it has no name.
    static func customerCell(_ name: String?, key: String) -> String {
        name.map { "\(escape($0))<br><small>\(escape(key))</small>" } ?? escape(key)
    }

    /// The decisions the run applied from the accountant's files, and what they refund (money to pay out); nothing
    /// when there are none.
    private static func decidedSection(_ decided: [AppliedDecision], _ texts: ReportTexts) -> String {
        guard !decided.isEmpty else { return "" }
        var page = "<h2>\(texts.decidedHeading)</h2>\n<p class=\"advice\">\(texts.decidedAdvice)</p>\n"
        let refunds = decided.filter { $0.decision == .refund }
        if !refunds.isEmpty {
            let sums = totals(refunds.map { ($0.amount, $0.currency) }, texts)
            page += "<p class=\"alarm\">\(escape(texts.refundsToPay(sums)))</p>\n"
        }
        page += "<table><thead><tr><th>\(texts.paymentId)</th><th>\(texts.decision)</th>"
            + "<th class=\"money\">\(texts.decidedAmount)</th><th>\(texts.note)</th><th>\(texts.file)</th>"
            + "</tr></thead>\n"
        for row in decided {
            let decision = escape(texts.decisionWords(row.decision))
            page += "<tr><td>\(escape(row.archiveId))</td><td class=\"words\">\(decision)</td>"
                + "<td class=\"money\">\(texts.money(row.amount, row.currency))</td><td>\(escape(row.note ?? ""))</td>"
                + "<td>\(escape(row.source))</td></tr>\n"
        }
        return page + "</table>\n"
    }

    /// Customer credits, with what to do; nothing when there are none.
    private static func creditsSection(_ credits: [CustomerCredit], _ texts: ReportTexts) -> String {
        guard !credits.isEmpty else { return "" }
        var page = "<h2>\(texts.creditsHeading)</h2>\n<p class=\"advice\">\(texts.creditsAdvice)</p>\n"
            + "<table><thead><tr><th>\(texts.creditNote)</th><th>\(texts.customer)</th>"
            + "<th class=\"money\">\(texts.credit)</th></tr></thead>\n"
        for credit in credits {
            page += "<tr><td>\(escape(credit.creditNote))</td><td>\(escape(credit.customerName ?? ""))</td>"
                + "<td class=\"money\">\(texts.money(credit.amount.minorUnits, credit.amount.currency))</td></tr>\n"
        }
        return page + "</table>\n"
    }

    /// The files refused, with what to do.
    private static func quarantinedSection(_ quarantined: [(file: String, reason: String)], _ texts: ReportTexts) -> String {
        var page = "<h2>\(texts.quarantinedHeading)</h2>\n"
        guard !quarantined.isEmpty else { return page + "<p>\(texts.none)</p>\n" }
        page += "<table><thead><tr><th>\(texts.file)</th><th>\(texts.why)</th></tr></thead>\n"
        for entry in quarantined {
            page += "<tr><td>\(escape(entry.file))</td><td>\(escape(entry.reason))</td></tr>\n"
        }
        return page + "</table>\n<p class=\"advice\">\(texts.quarantinedAdvice)</p>\n"
    }

    /// The day's dunning: what was issued, with what it charged and why, and what waits.
    private static func dunningSection(_ day: DunningDay, _ texts: ReportTexts) -> String {
        var page = "<h2>\(texts.dunningHeading)</h2>\n"
        if !day.holdsEnded.isEmpty {
            page += "<p class=\"advice\">\(texts.holdsEndedAdvice)</p>\n<ul>\n"
                + day.holdsEnded.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        switch day.off {
        case .noCreditor: return page + "<p>\(texts.noCreditor).</p>\n"
        case nil: break
        }
        if !day.overtaken.isEmpty { page += overtakenSteps(day.overtaken, texts) }
        if !day.unpaidCharges.isEmpty {
            page += "<p class=\"advice\">\(texts.unpaidChargesAdvice)</p>\n<table><thead><tr><th>\(texts.invoice)</th>"
                + "<th>\(texts.customer)</th><th class=\"money\">\(texts.unpaidCharges)</th></tr></thead>\n"
            for unpaid in day.unpaidCharges {
                page += "<tr><td>\(escape(unpaid.invoiceNumber))</td><td>\(escape(unpaid.customerName ?? ""))</td>"
                    + "<td class=\"money\">\(texts.money(unpaid.amount.minorUnits, unpaid.amount.currency))</td></tr>\n"
            }
            page += "</table>\n"
        }
        if day.olderUnpaidCharges.count > 0 {
            if day.unpaidCharges.isEmpty { page += "<p class=\"advice\">\(texts.unpaidChargesAdvice)</p>\n" }
            let older = texts.olderUnpaidCharges(
                day.olderUnpaidCharges.count, sums(day.olderUnpaidCharges, texts), listedDays)
            page += "<p>\(escape(older))</p>\n"
        }
        if let through = day.interestCutShortAfter {
            page += "<p class=\"alarm\">\(escape(texts.interestCutShort(texts.date(through))))</p>\n"
        }
        if day.issued.isEmpty {
            page += "<p>\(texts.noStepToday)</p>\n"
        } else {
            page += "<table><thead><tr><th>\(texts.invoice)</th><th>\(texts.customer)</th><th>\(texts.step)</th>"
                + "<th class=\"money\">\(texts.fee)</th><th class=\"money\">\(texts.compensation)</th>"
                + "<th class=\"money\">\(texts.interest)</th><th>\(texts.payBy)</th><th>\(texts.feeRule)</th></tr></thead>\n"
            for (reminder, isTransfer) in day.issued {
                let step = texts.stepText(reminder.step, isTransfer ? nil : reminder.channel, reminder.dunningClass)
                let customer = customerCell(day.customerNames[reminder.customerId], key: reminder.customerId)
                page += "<tr><td>\(escape(reminder.invoiceNumber))</td><td class=\"words\">\(customer)</td>"
                page += "<td class=\"words\">\(escape(step))</td>"
                page += "<td class=\"money\">\(texts.money(reminder.fee, reminder.currency))</td>"
                page += "<td class=\"money\">\(texts.money(reminder.compensation, reminder.currency))</td>"
                page += "<td class=\"money\">\(texts.money(reminder.interest, reminder.currency))</td>"
                page += "<td class=\"date\">\(isTransfer ? "" : texts.date(reminder.payBy))</td>"
                let rule = day.feeRules[reminder.invoiceNumber].map(texts.feeRuleWords) ?? reminder.feeRule
                page += "<td class=\"advice words\">\(escape(rule))</td></tr>\n"
            }
            page += "</table>\n"
        }
        if !day.waiting.isEmpty {
            page += "<p class=\"advice\">\(texts.waitingIntro)"
                + day.waiting.sorted { $0.key < $1.key }.map { "\(escape(texts.waitingReason($0.key))): \($0.value)" }
                    .joined(separator: "; ") + ".</p>\n"
        }
        return page
    }

    /// The steps of an earlier run today whose documents must not go out, each with its file and why.
    private static func overtakenSteps(_ steps: [OvertakenStep], _ texts: ReportTexts) -> String {
        var page = "<p class=\"alarm\">\(texts.overtakenAdvice)</p>\n<table><thead><tr><th>\(texts.invoice)</th>"
            + "<th>\(texts.customer)</th><th>\(texts.step)</th><th>\(texts.file)</th><th>\(texts.why)</th></tr>"
            + "</thead>\n"
        for step in steps {
            let what = texts.stepText(step.step, step.isTransfer ? nil : step.channel, step.dunningClass)
            let why = step.paidSince.map { texts.paidSince(texts.money($0.minorUnits, $0.currency)) }
                ?? texts.waitingReason(step.hold.map(Self.waitingCode) ?? "on_hold")
            page += "<tr><td>\(escape(step.invoiceNumber))</td>"
                + "<td class=\"words\">\(customerCell(step.customerName, key: step.customerId))</td>"
                + "<td class=\"words\">\(escape(what))</td><td>\(escape(step.file ?? ""))</td>"
                + "<td class=\"words\">\(escape(why))</td></tr>\n"
        }
        return page + "</table>\n"
    }

    /// The wait reason a hold of `kind` gives (`WaitReason.code`), whose words say the hold.
    private static func waitingCode(_ kind: HoldKind) -> String {
        switch kind {
        case .hold: "on_hold"
        case .dispute: "disputed"
        case .plan: "on_plan"
        }
    }

    /// A section listing lines of text, with advice (HTML) above them; nothing when there are none.
    private static func list(_ title: String, _ lines: [String], advice: String) -> String {
        guard !lines.isEmpty else { return "" }
        return "<h2>\(title)</h2>\n<p class=\"advice\">\(advice)</p>\n<ul>\n"
            + lines.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
    }

    /// A count's sums per currency, as `totals` writes them.
    private static func sums(_ counted: CountAndSums, _ texts: ReportTexts) -> String {
        totals(counted.byCurrency.map { ($0.value, $0.key) }, texts)
    }

    /// Amounts summed per currency, never across, euros first: "7 143,80 €, 80,56 CHF" (nothing: "0,00 €").
    static func totals(_ amounts: [(Int64, Currency)], _ texts: ReportTexts) -> String {
        var sums: [Currency: Int64] = [:]
        for (cents, currency) in amounts { sums[currency] = addingSaturated(sums[currency] ?? 0, cents) }
        guard !sums.isEmpty else { return texts.money(0, .euro) }
        return sums.keys.sorted { ($0 != .euro ? 1 : 0, $0.code) < ($1 != .euro ? 1 : 0, $1.code) }
            .map { texts.money(sums[$0]!, $0) }.joined(separator: ", ")
    }

    /// A confidence from 0 to 1 as a whole percentage.
    private static func percent(_ confidence: Double) -> Int { Int((confidence * 100).rounded()) }

    /// An amount as files write it: dot decimals, no grouping, no currency (`-1234.50`).
    static func money(_ cents: Int64, _ currency: Currency) -> String {
        Amount(minorUnits: cents, currency: currency).decimalString
    }

    /// A confidence from 0 to 1 with two decimals (`0.80`).
    static func confidence(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// Text made safe to place in HTML.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// Adds for a report's totals without trapping: a sum beyond 64 bits stays at the largest value. Only absurd
/// input gets there, and a report must not stop the run that booked it.
public func addingSaturated(_ total: Int64, _ value: Int64) -> Int64 {
    let (sum, overflow) = total.addingReportingOverflow(value)
    guard overflow else { return sum }
    return value > 0 ? .max : .min
}
