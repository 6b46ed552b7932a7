public import Receivables

/// What insight sums over invoices as of a day (docs/insight.md, "How the ledger is read"): each payer's invoices
/// settled in the payer window, each customer's payments in the trend's two periods, what the cohorts of the forecast
/// and of its back-test paid at each delay, and what was invoiced in DSO's 90 days. Each is an exact integer sum of
/// what each invoice adds, so that an invoice's part can be taken away again: a day's run keeps the sums in the ledger
/// and changes them by what changed since, instead of reading its whole window of 14 months.
public struct InsightSums: Sendable, Equatable {
    var payers: [String: PayerStatistics.Payer] = [:]
    var trends: [String: PayerStatistics.Trend] = [:]
    var paidNow = CashForecaster.Cohort()
    var paidThen = CashForecaster.Cohort()
    /// Invoiced in the 90 days through the day, per currency.
    var invoiced: [Currency: Invoiced] = [:]

    /// What was invoiced: the amount and how many invoices.
    struct Invoiced: Sendable, Equatable {
        var amount: Int64 = 0
        var count = 0
    }

    /// DSO's period: the 90 days through the as-of day.
    static let dsoDays = 90

    /// No sums.
    public init() {}

    /// Adds what `invoice` adds to the sums as of `day`; with a `sign` of −1, takes it away.
    public mutating func count(_ invoice: InvoiceHistory, at day: LocalDate, sign: Int = 1) {
        PayerStatistics.countPayer(invoice, at: day, sign: sign, into: &payers)
        PayerStatistics.countTrend(invoice, at: day, sign: sign, into: &trends)
        paidNow.count(invoice, on: day, sign: sign)
        paidThen.count(invoice, on: CashForecaster.backTestDay(of: day), sign: sign)
        if invoice.invoiceDate >= day.adding(days: -(Self.dsoDays - 1)) && invoice.invoiceDate <= day {
            var sum = invoiced[invoice.currency] ?? Invoiced()
            sum.amount += Int64(sign) * invoice.amount
            sum.count += sign
            invoiced[invoice.currency] = sum == Invoiced() ? nil : sum
        }
    }
}

// MARK: - Rows, as the ledger keeps them

extension InsightSums {
    /// What each row's `figure` holds (docs/ledger.md, `insight_sums`). The owner is a customer's key, "" for
    /// the company, or a currency's code.
    private enum Figure: Int {
        /// A payer's invoices: slot 0 (paid, days late, on time), slot 1 (amount × days late, amount, payments).
        case payer = 0
        /// A customer's payments in a period of the trend (slot 0: the 270 days before the recent 90; slot 1: the
        /// recent 90): amount × days late, amount, payments.
        case trend = 1
        /// What the forecast's cohort paid at a delay (slot: the delay in days), in shares.
        case paidNow = 2
        /// How many invoices of the forecast's cohort had a payment (slot 0).
        case sampleNow = 3
        /// The same two for the back-test's cohort.
        case paidThen = 4
        case sampleThen = 5
        /// Invoiced in DSO's 90 days, per currency (slot 0): the amount, the invoices.
        case invoiced = 6
    }

    /// The payers' figure: a report that lists every payer reads its rows whole; a page's reads them a customer at a
    /// time into `InsightEngine.SlowestPayers`.
    public static let payerFigure = Figure.payer.rawValue
    /// DSO's figure, whose rows a report reads whole.
    public static let invoicedFigure = Figure.invoiced.rawValue
    /// The figures whose rows a report reads with each customer's open invoices (`InsightEngine.KeptReport`): the
    /// cohorts' samples and delays.
    public static let customerFigures = [Figure.sampleNow, .paidNow, .sampleThen, .paidThen].map(\.rawValue)

    /// The trend's periods, which a report reads a customer at a time into `InsightEngine.TrendAlarms`.
    public static let trendFigure = Figure.trend.rawValue

    /// The back-test's day of a report as of `day`: 8 weeks before it.
    public static func backTestDay(of day: LocalDate) -> LocalDate { CashForecaster.backTestDay(of: day) }

    /// Hands each of the sums to `body` as a row (none all zero), so that they need not be held twice; each figure's
    /// in the order of owners' bytes and slots, the order of the ledger's rows, which are then written in turn.
    public func forEachRow(_ body: (InsightSumRow) throws -> Void) rethrows {
        func row(_ figure: Figure, _ owner: String, _ slot: Int, _ a: Int64, _ b: Int64 = 0, _ c: Int64 = 0) throws {
            if a != 0 || b != 0 || c != 0 { try body(InsightSumRow(figure: figure.rawValue, owner: owner, slot: slot, a, b, c)) }
        }
        for (customer, payer) in Self.byOwner(payers) {
            try row(.payer, customer, 0, Int64(payer.paid), Int64(payer.daysLate), Int64(payer.onTime))
            try row(.payer, customer, 1, payer.lateness.amountDays, payer.lateness.amount, Int64(payer.lateness.payments))
        }
        for (customer, trend) in Self.byOwner(trends) {
            for (slot, period) in [trend.previous, trend.recent].enumerated() {
                try row(.trend, customer, slot, period.amountDays, period.amount, Int64(period.payments))
            }
        }
        for (cohort, paid, sample) in [(paidNow, Figure.paidNow, Figure.sampleNow), (paidThen, .paidThen, .sampleThen)] {
            for (owner, entry) in [("", cohort.all)] + Self.byOwner(cohort.byCustomer) {
                for (delay, share) in entry.atDelay.sorted(by: { $0.key < $1.key }) {
                    try row(paid, owner, delay, share)
                }
                try row(sample, owner, 0, Int64(entry.sample))
            }
        }
        for (currency, sum) in invoiced { try row(.invoiced, currency.code, 0, sum.amount, Int64(sum.count)) }
    }

    /// The entries of `sums` in the order of their owners' bytes (SQLite's order of text).
    private static func byOwner<Sum>(_ sums: [String: Sum]) -> [(key: String, value: Sum)] {
        sums.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// Adds a row to the sums; what comes to zero is left out, as counting and taking back the same invoice leaves it.
    /// - Throws: `InsightSumRow.Unknown` for a row of a figure or slot no saatava writes.
    public mutating func add(_ row: InsightSumRow) throws(InsightSumRow.Unknown) {
        guard let figure = Figure(rawValue: row.figure) else { throw InsightSumRow.Unknown(row: row) }
        switch figure {
        case .payer:
            var payer = payers.removeValue(forKey: row.owner) ?? PayerStatistics.Payer()
            payer += try Self.payer(of: row)
            if !payer.isZero { payers[row.owner] = payer }
        case .trend:
            var trend = trends.removeValue(forKey: row.owner) ?? PayerStatistics.Trend()
            try Self.add(row, to: &trend)
            if !trend.isZero { trends[row.owner] = trend }
        case .paidNow, .sampleNow:
            Self.update(&paidNow, owner: row.owner) { Self.add(cohortRow: row, of: figure, to: &$0) }
        case .paidThen, .sampleThen:
            Self.update(&paidThen, owner: row.owner) { Self.add(cohortRow: row, of: figure, to: &$0) }
        case .invoiced:
            guard let currency = Currency(code: row.owner) else { throw InsightSumRow.Unknown(row: row) }
            var sum = invoiced.removeValue(forKey: currency) ?? Invoiced()
            sum.amount += row.a
            sum.count += Int(row.b)
            if sum != Invoiced() { invoiced[currency] = sum }
        }
    }

    /// What a payer row adds to its payer's figures.
    static func payer(of row: InsightSumRow) throws(InsightSumRow.Unknown) -> PayerStatistics.Payer {
        guard row.figure == Figure.payer.rawValue else { throw InsightSumRow.Unknown(row: row) }
        var payer = PayerStatistics.Payer()
        switch row.slot {
        case 0: (payer.paid, payer.daysLate, payer.onTime) = (Int(row.a), Int(row.b), Int(row.c))
        case 1: payer.lateness = PayerStatistics.Lateness(amountDays: row.a, amount: row.b, payments: Int(row.c))
        default: throw InsightSumRow.Unknown(row: row)
        }
        return payer
    }

    /// Adds a period row of the trend to a customer's periods.
    static func add(_ row: InsightSumRow, to trend: inout PayerStatistics.Trend) throws(InsightSumRow.Unknown) {
        guard row.figure == Figure.trend.rawValue else { throw InsightSumRow.Unknown(row: row) }
        let lateness = PayerStatistics.Lateness(amountDays: row.a, amount: row.b, payments: Int(row.c))
        switch row.slot {
        case 0: trend.previous += lateness
        case 1: trend.recent += lateness
        default: throw InsightSumRow.Unknown(row: row)
        }
    }

    /// Adds a row of `customerFigures` to its owner's sums of the forecast's cohort (`now`) or the back-test's
    /// (`then`), as `add(_:)` adds it: for a reader of one owner's rows, which need not look the owner up for each.
    static func add(_ row: InsightSumRow, toOwn now: inout CashForecaster.Cohort.Paid,
                    _ then: inout CashForecaster.Cohort.Paid) throws(InsightSumRow.Unknown) {
        guard let figure = Figure(rawValue: row.figure) else { throw InsightSumRow.Unknown(row: row) }
        switch figure {
        case .paidNow, .sampleNow: add(cohortRow: row, of: figure, to: &now)
        case .paidThen, .sampleThen: add(cohortRow: row, of: figure, to: &then)
        default: throw InsightSumRow.Unknown(row: row)
        }
    }

    /// Adds a cohort's row, of a delay (its share paid at the delay in `slot`) or of the sample, to a cohort's sums.
    private static func add(cohortRow row: InsightSumRow, of figure: Figure,
                            to paid: inout CashForecaster.Cohort.Paid) {
        if figure == .paidNow || figure == .paidThen {
            let sum = paid.atDelay[row.slot, default: 0] + row.a
            paid.atDelay[row.slot] = sum == 0 ? nil : sum
        } else {
            paid.sample += Int(row.a)
        }
    }

    private static func update(_ cohort: inout CashForecaster.Cohort, owner: String,
                               _ change: (inout CashForecaster.Cohort.Paid) -> Void) {
        if owner.isEmpty {
            change(&cohort.all)
        } else {
            var paid = cohort.byCustomer.removeValue(forKey: owner) ?? CashForecaster.Cohort.Paid()
            change(&paid)
            if !paid.isEmpty { cohort.byCustomer[owner] = paid }
        }
    }
}

// MARK: - What a day changes

extension InsightSums {
    /// What must be read again to bring sums kept as of `mark.asOf` to `day`: the invoices whose part may differ. Each
    /// figure sums over a window of days before the as-of day (of invoice dates, or of payment dates); an invoice's
    /// part changes when a date of it enters or leaves a window, or when what it holds changed (`mark`'s rows). Nil when
    /// `day` is before the mark's, or more than `keptDays` after it (reading everything is then no dearer).
    public static func changes(since mark: InsightMark, to day: LocalDate) -> InsightChanges? {
        let from = mark.asOf
        let days = from.days(until: day)
        guard days >= 0 && days <= keptDays else { return nil }
        var invoiceDates: [ClosedRange<LocalDate>] = []
        var paymentDates: [ClosedRange<LocalDate>] = []
        /// The days that enter or leave a window of the days from `earliest` (none: no limit) to `latest` before the
        /// as-of day, as it moves from `from` to `day`.
        func moving(_ earliest: Int?, _ latest: Int, into ranges: inout [ClosedRange<LocalDate>]) {
            guard days > 0 else { return }
            if let earliest { ranges.append(from.adding(days: -earliest)...day.adding(days: -earliest - 1)) }
            ranges.append(from.adding(days: -latest + 1)...day.adding(days: -latest))
        }
        let backTest = CashForecaster.weeks * 7
        let cohort = CashForecaster.cohortDays - 1
        // Invoice dates: the cohorts', DSO's, and whether an invoice is dated yet (open on a day; paid by then).
        moving(cohort, 0, into: &invoiceDates)
        moving(cohort + backTest, backTest, into: &invoiceDates)
        moving(dsoDays - 1, 0, into: &invoiceDates)
        // Payment dates: paid through the day (payers, cohorts), the payer window, the trend's two periods.
        moving(nil, 0, into: &paymentDates)
        moving(nil, backTest, into: &paymentDates)
        moving(PayerStatistics.windowDays - 1, 0, into: &paymentDates)
        let recent = PayerStatistics.recentDays
        moving(recent - 1, 0, into: &paymentDates)
        moving(recent + PayerStatistics.previousDays - 1, recent, into: &paymentDates)
        // Credit note dates: what is open on the day (whether a payer's invoice is settled).
        var creditDates: [ClosedRange<LocalDate>] = []
        moving(nil, 0, into: &creditDates)
        return InsightChanges(
            mark: mark, invoiceDates: merged(invoiceDates), paymentDates: merged(paymentDates),
            creditDates: merged(creditDates))
    }

    /// How many days after the kept sums' day a run still brings them forward (a month).
    public static let keptDays = 31

    /// The ranges sorted, those that overlap or touch made one.
    private static func merged(_ ranges: [ClosedRange<LocalDate>]) -> [ClosedRange<LocalDate>] {
        var merged: [ClosedRange<LocalDate>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound.adding(days: 1) {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
