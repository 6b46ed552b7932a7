import Receivables

/// The cash-in forecast for the 8 weeks after a day, from each customer's own delays (the company's while the
/// customer has paid fewer than the minimum sample of invoices), with its back-test and the naive rule beside it.
struct CashForecaster {
    /// Weeks forecast.
    static let weeks = 8
    /// The cohort whose delays a forecast learns from: invoices dated in the 365 days through the forecast's day.
    static let cohortDays = 365
    /// Chances become integer weights of this many parts, so that amounts are split exactly.
    private static let scale: Int64 = 1_000_000_000

    let asOf: LocalDate
    /// The back-test's day: the forecast made 8 weeks before `asOf`.
    let madeAsOf: LocalDate
    let minimumSample: Int

    /// A forecaster as of `asOf`.
    init(asOf: LocalDate, minimumSample: Int) {
        self.asOf = asOf
        madeAsOf = Self.backTestDay(of: asOf)
        self.minimumSample = minimumSample
    }

    /// The day of the forecast a forecast of `day` is back-tested against: 8 weeks before it.
    static func backTestDay(of day: LocalDate) -> LocalDate { day.adding(days: -weeks * 7) }

    /// Forecasts as of `asOf` for the invoices open on it, and back-tests the forecast made 8 weeks before for the
    /// invoices open on that day, per currency, from what the two days' cohorts paid: the invoices `open` kept, a
    /// customer at a time.
    func forecasts(_ open: InsightEngine.OpenInvoices, paidNow: Cohort, paidThen: Cohort) -> [CashForecast] {
        var current = making(backTest: false)
        var past = making(backTest: true)
        open.forEachCustomer { customer, now, then in
            current.add(now, own: paidNow.byCustomer[customer])
            past.add(then, own: paidThen.byCustomer[customer])
        }
        return forecasts(open, now: current.finish(company: paidNow.all), then: past.finish(company: paidThen.all))
    }

    /// The forecast as of `asOf` (or, for the `backTest`, 8 weeks before) of the invoices open that day, to be made a
    /// customer at a time.
    func making(backTest: Bool) -> Making {
        Making(day: backTest ? madeAsOf : asOf, minimumSample: minimumSample)
    }

    /// The forecasts of each currency and their back-tests from the forecasts made as of `asOf` (`current`) and 8
    /// weeks before (`past`), set against what arrived since on the invoices open then.
    func forecasts(_ open: InsightEngine.OpenInvoices, now current: [Currency: Forecast],
                   then past: [Currency: Forecast]) -> [CashForecast] {
        Set(current.keys).union(past.keys).sorted().map { currency in
            let current = current[currency] ?? Forecast(day: asOf)
            let past = past[currency] ?? Forecast(day: madeAsOf)
            let arrived = open.arrived[currency] ?? [Int64](repeating: 0, count: Self.weeks)
            let weeks = (0..<Self.weeks).map { week in
                ForecastWeek(start: current.start(of: week), end: current.start(of: week).adding(days: 6),
                             expected: current.expected[week], naive: current.naive[week])
            }
            let tested = (0..<Self.weeks).map { week in
                BackTestWeek(start: past.start(of: week), end: past.start(of: week).adding(days: 6),
                             expected: past.expected[week], naive: past.naive[week], actual: arrived[week])
            }
            return CashForecast(
                currency: currency, open: current.open, weeks: weeks, beyond: current.beyond,
                backTest: ForecastBackTest(
                    madeAsOf: madeAsOf, weeks: tested, error: Self.error(past.expected, arrived),
                    naiveError: Self.error(past.naive, arrived)))
        }
    }

    /// One currency's forecast made on a day.
    struct Forecast {
        let day: LocalDate
        var open: Int64 = 0
        var expected = [Int64](repeating: 0, count: CashForecaster.weeks)
        var naive = [Int64](repeating: 0, count: CashForecaster.weeks)
        var beyond: Int64 = 0

        /// The first day of a week: weeks start on the day after the forecast's day.
        func start(of week: Int) -> LocalDate { day.adding(days: 1 + 7 * week) }

        /// Adds what an invoice open on the forecast's day owed (`due`) to the forecast: to the weeks by `weights` (of
        /// `weights(dueDate:by:)`), and to the week the naive rule says (its due date; one due already, at once).
        mutating func add(_ due: DueAmount, by weights: [Int64]) {
            open += due.open
            if let week = week(of: max(due.dueDate, day.adding(days: 1))) { naive[week] += due.open }
            CashForecaster.split(due.open, by: weights) { week, part in
                if week < CashForecaster.weeks { expected[week] += part } else { beyond += part }
            }
        }

        /// How `distribution` expects an invoice due on `dueDate`, unpaid on the forecast's day, to be paid: the chance
        /// of each week in parts of `scale`, and last what is left for beyond them.
        func weights(dueDate: LocalDate, by distribution: DelayDistribution) -> [Int64] {
            let lateness = dueDate.days(until: day)
            var weights = [Int64](repeating: 0, count: CashForecaster.weeks + 1)
            // Paid `delay` days after the due date is paid `delay − lateness` days after the forecast's day: in the
            // week that day falls in, one of the 8 for each delay handed over.
            distribution.forEachChance(after: lateness, through: lateness + 7 * CashForecaster.weeks) { delay, chance in
                weights[(delay - lateness - 1) / 7] += Int64((chance * Double(CashForecaster.scale)).rounded())
            }
            weights[CashForecaster.weeks] = max(0, CashForecaster.scale - weights.reduce(0, +))
            return weights
        }

        /// The week a day falls in, if it falls in one.
        func week(of date: LocalDate) -> Int? { CashForecaster.week(of: date, after: day) }
    }

    /// The week of the 8 after `day` (starting the day after it) that `date` falls in, if it falls in one.
    static func week(of date: LocalDate, after day: LocalDate) -> Int? {
        let days = day.days(until: date) - 1
        return days >= 0 && days < 7 * weeks ? days / 7 : nil
    }

    /// The forecast as of a day for the invoices open on it, from what the history says was known then: the delays of
    /// the cohort dated in the 365 days through it (what it paid, handed over; what of it is open, from the items). It
    /// is made a customer at a time: a customer's items come with its own delays, which are used and dropped before
    /// the next's, so that a ledger of many customers need not hold them all; the items of the customers with none (or
    /// too few) are kept and forecast last, from the company's.
    struct Making {
        private let day: LocalDate
        private let minimumSample: Int
        /// What of the cohort's invoices is open, at each number of days past due: of every item added.
        private var openShares: [Int: Int64] = [:]
        /// What the items of the customers left to the company's delays owe, by currency and due date (a big ledger
        /// has them by the hundred thousand, and few due dates).
        private var leftToCompany: [Due: [Int64]] = [:]
        private var forecasts: [Currency: Forecast] = [:]
        /// A forecast of nothing as of `day`: where each currency's starts, and what works out an invoice's weights.
        private let blank: Forecast

        /// The forecast as of `day`, nothing forecast.
        init(day: LocalDate, minimumSample: Int) {
            self.day = day
            self.minimumSample = minimumSample
            blank = Forecast(day: day)
        }

        /// Adds one customer's items (open on the forecast's day): forecast from what its cohort paid (`paid`) if its
        /// sample is big enough, else left to the company's delays. Each customer's items are added once.
        mutating func add(_ items: some Collection<OpenItem>, own paid: Cohort.Paid?) {
            guard !items.isEmpty else { return }
            let shares = Self.openShares(items, on: day)
            openShares.merge(shares, uniquingKeysWith: +)
            guard let paid, paid.sample >= minimumSample else {
                for item in items {
                    leftToCompany[Due(currency: item.currency, date: item.dueDate), default: []].append(item.open)
                }
                return
            }
            let delays = DelayDistribution(paidAt: paid.atDelay, open: shares, sample: paid.sample)
            // A customer's invoices seldom share a due date: each one's weights are worked out afresh.
            for item in items { add(item.due, by: blank.weights(dueDate: item.dueDate, by: delays)) }
        }

        /// The forecast of each currency, the items left to the company's delays (`company`: what the whole cohort
        /// paid) forecast by them.
        mutating func finish(company: Cohort.Paid) -> [Currency: Forecast] {
            let delays = DelayDistribution(paidAt: company.atDelay, open: openShares, sample: company.sample)
            // Many invoices and few due dates: each due date's weights are worked out once.
            for (due, amounts) in leftToCompany {
                let weights = blank.weights(dueDate: due.date, by: delays)
                for open in amounts {
                    add(DueAmount(currency: due.currency, dueDate: due.date, open: open), by: weights)
                }
            }
            leftToCompany = [:]
            return forecasts
        }

        /// A currency and a due date.
        private struct Due: Hashable {
            let currency: Currency
            let date: LocalDate
        }

        /// The open invoices of the cohort among `items`, observed unpaid through their days past due so far: at each
        /// number of days, their shares still open.
        private static func openShares(_ items: some Collection<OpenItem>, on day: LocalDate) -> [Int: Int64] {
            var shares: [Int: Int64] = [:]
            let first = Cohort.firstDay(of: day)
            for item in items where Cohort.holds(item, from: first, through: day) {
                shares[item.dueDate.days(until: day), default: 0] += DelayDistribution.share(item.open, of: item.amount)
            }
            return shares
        }

        /// Adds what `due` owes to its currency's forecast by `weights` (of `Forecast.weights(dueDate:by:)`).
        private mutating func add(_ due: DueAmount, by weights: [Int64]) {
            forecasts[due.currency, default: blank].add(due, by: weights)
        }
    }

    /// What the payments on a cohort's invoices paid at each delay after the due date, the company's and each
    /// customer's: the invoices dated in the 365 days through the cohort's day, the payments booked on or before it.
    /// Exact sums (shares in the units of `DelayDistribution.share`), so that an invoice can be taken away again.
    struct Cohort: Sendable, Equatable {
        /// What one customer's (or the company's) invoices paid.
        struct Paid: Sendable, Equatable {
            /// The share of an invoice paid at each delay, summed.
            var atDelay: [Int: Int64] = [:]
            /// How many invoices had a payment.
            var sample = 0

            var isEmpty: Bool { atDelay.isEmpty && sample == 0 }
        }
        var all = Paid()
        var byCustomer: [String: Paid] = [:]

        /// The first day of the cohort of `day`, whose invoices are dated in the 365 days through it.
        static func firstDay(of day: LocalDate) -> LocalDate { day.adding(days: -(CashForecaster.cohortDays - 1)) }

        /// Whether `invoice` is of the cohort of `day`: dated in the 365 days through it, for an amount.
        static func holds(_ invoice: InvoiceHistory, on day: LocalDate) -> Bool {
            holds(dated: invoice.invoiceDate, amount: invoice.amount, from: firstDay(of: day), through: day)
        }

        /// Whether `item` is of the cohort of `day`, whose first day is `first`.
        static func holds(_ item: OpenItem, from first: LocalDate, through day: LocalDate) -> Bool {
            holds(dated: item.invoiceDate, amount: item.amount, from: first, through: day)
        }

        private static func holds(dated date: LocalDate, amount: Int64, from first: LocalDate, through day: LocalDate)
            -> Bool {
            date >= first && date <= day && amount > 0
        }

        /// Counts what `invoice`'s payments booked through `day` paid (with a `sign` of −1, takes it back), when it is
        /// of the cohort of `day`.
        mutating func count(_ invoice: InvoiceHistory, on day: LocalDate, sign: Int) {
            guard Self.holds(invoice, on: day) else { return }
            var own = byCustomer.removeValue(forKey: invoice.customerId) ?? Paid()
            var paid = false
            for payment in invoice.payments where payment.date <= day && payment.amount > 0 {
                let delay = invoice.dueDate.days(until: payment.date)
                let share = Int64(sign) * DelayDistribution.share(payment.amount, of: invoice.amount)
                Self.add(share, at: delay, to: &own)
                Self.add(share, at: delay, to: &all)
                paid = true
            }
            if paid {
                own.sample += sign
                all.sample += sign
            }
            if !own.isEmpty { byCustomer[invoice.customerId] = own }
        }

        private static func add(_ share: Int64, at delay: Int, to paid: inout Paid) {
            let sum = paid.atDelay[delay, default: 0] + share
            paid.atDelay[delay] = sum == 0 ? nil : sum
        }
    }

    /// Counts what was booked on `invoice` (open on `day`) in each of the 8 weeks after `day` into `arrived`, per
    /// currency.
    static func count(arrivedOn invoice: InvoiceHistory, since day: LocalDate,
                      into arrived: inout [Currency: [Int64]]) {
        for payment in invoice.payments {
            guard let week = week(of: payment.date, after: day) else { continue }
            arrived[invoice.currency, default: [Int64](repeating: 0, count: Self.weeks)][week] += payment.amount
        }
    }

    /// The weighted absolute percentage error: Σ |forecast − actual| ÷ Σ actual, in percent; nil when nothing arrived.
    static func error(_ forecast: [Int64], _ actual: [Int64]) -> Double? {
        let arrived = actual.reduce(0, +)
        guard arrived > 0 else { return nil }
        let missed = zip(forecast, actual).reduce(Int64(0)) { $0 + abs($1.0 - $1.1) }
        return Double(missed) / Double(arrived) * 100
    }

    /// Splits `total` (zero or more) in proportion to `weights` (none negative) so that the parts add up to it
    /// exactly: each part rounded down, then the units left over (fewer than the parts) one each to the parts with the
    /// largest remainders (the earlier on a tie). A product too big for 64 bits is worked in 128; the quotients fit
    /// in 64. The parts are handed to `body` in the order of `weights`, worked out without allocating: a forecast
    /// splits every open invoice.
    static func split(_ total: Int64, by weights: [Int64], _ body: (_ index: Int, _ part: Int64) -> Void) {
        let sum = weights.reduce(0, +)
        guard sum > 0 else {
            for index in weights.indices { body(index, 0) }
            return
        }
        withUnsafeTemporaryAllocation(of: (quotient: Int64, remainder: Int64).self, capacity: weights.count) { shares in
            var left = total
            for (index, weight) in weights.enumerated() {
                let (product, overflow) = total.multipliedReportingOverflow(by: weight)
                let share = overflow
                    ? sum.dividingFullWidth(total.multipliedFullWidth(by: weight))
                    : product.quotientAndRemainder(dividingBy: sum)
                shares.initializeElement(at: index, to: share)
                left -= share.quotient
            }
            while left > 0 {
                let largest = shares.indices.reduce(0) { shares[$1].remainder > shares[$0].remainder ? $1 : $0 }
                shares[largest].quotient += 1
                shares[largest].remainder = -1
                left -= 1
            }
            for index in shares.indices { body(index, shares[index].quotient) }
        }
    }
}
