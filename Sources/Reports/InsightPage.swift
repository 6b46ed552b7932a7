public import Receivables

/// The insight as HTML sections (ageing with the 100-day alarm, payers and DSO, trend alarms, the cash-in forecast
/// with its back-test), each chart an inline SVG beside a table of its exact figures: for report.html and, as a page
/// of its own, for `saatava insight --format html`.
public enum InsightPage {
    /// A page of its own: the insight sections with the report's style, in `language`.
    public static func html(_ insight: InsightReport, language: Language) -> String {
        let texts = language.insight
        return AccountantReport.head(language: language, title: texts.pageTitle(texts.report.date(insight.asOf)))
            + sections(insight, texts) + "</body></html>\n"
    }

    /// The sections, each beginning with an `<h2>`.
    static func sections(_ insight: InsightReport, _ texts: InsightTexts) -> String {
        ageing(insight, texts) + payers(insight, texts) + trends(insight, texts) + forecasts(insight, texts)
    }

    private static func escape(_ text: String) -> String { AccountantReport.escape(text) }

    private static func money(_ minorUnits: Int64, _ currency: Currency, _ texts: InsightTexts) -> String {
        texts.report.money(minorUnits, currency)
    }

    /// A chart's value axis in whole units of the currency (`1 000 €`): the amount without its decimals.
    private static func moneyAxis(_ currency: Currency, _ texts: InsightTexts) -> (Double) -> String {
        var scale: Int64 = 1
        for _ in 0..<currency.minorDigits { scale *= 10 }
        let separator: Character = texts.report.language == .en ? "." : ","
        return { value in
            // Whole units where the tick is one (`1 000 €`), the exact amount where it is not (`0,50 €`).
            let minor = Int64(min(max(value, 0), 1e18).rounded())
            let text = texts.report.money(minor, currency)
            guard currency.minorDigits > 0, minor % scale == 0, let point = text.lastIndex(of: separator) else { return text }
            return String(text[..<point]) + String(text[text.index(after: point)...].dropFirst(currency.minorDigits))
        }
    }

    private static func table(_ header: [(String, Bool)], _ rows: [[(String, Bool)]]) -> String {
        func cells(_ row: [(String, Bool)], _ tag: String) -> String {
            row.map { "<\(tag)\($0.1 ? " class=\"money\"" : "")>\($0.0)</\(tag)>" }.joined()
        }
        return "<table><thead><tr>\(cells(header, "th"))</tr></thead>\n<tbody>\n"
            + rows.map { "<tr>\(cells($0, "td"))</tr>\n" }.joined() + "</tbody></table>\n"
    }

    // MARK: Ageing

    private static func ageing(_ insight: InsightReport, _ texts: InsightTexts) -> String {
        var html = "<h2>\(texts.ageingHeading)</h2>\n<p class=\"advice\">\(texts.ageingIntro)</p>\n"
        for table in insight.ageing {
            let currency = table.currency
            let labels = table.rows.map { texts.bucket($0.bucket) }
            let alarms = Set(table.rows.indices.filter { table.rows[$0].bucket == .over100 && table.rows[$0].count > 0 })
            html += SVGChart.chart(
                title: texts.ageingChart(currency.code), labels: labels,
                series: [SVGChart.Series(name: texts.openAmount, values: table.rows.map { Double($0.amount) }, style: .bars,
                                         alarms: alarms)],
                axisText: moneyAxis(currency, texts)) + "\n"
            html += self.table(
                [(texts.band, false), (texts.invoices, true), (texts.openAmount, true)],
                table.rows.map { [(escape(texts.bucket($0.bucket)), false), ("\($0.count)", true), (money($0.amount, currency, texts), true)] }
                    + [[("<b>\(texts.total)</b>", false), ("<b>\(table.count)</b>", true),
                        ("<b>\(money(table.amount, currency, texts))</b>", true)]])
        }
        html += "<h3>\(texts.overHundredHeading)</h3>\n"
        // The oldest of those a person must act on are listed; the rest, and those already with the collection agency,
        // are counted and summed, so that a backlog that grows day by day does not grow the page with it.
        var list = OverdueList(listing: shownOverdueInvoices, counted: insight.unlistedOverdue)
        for invoice in insight.overHundredDays { list.add(invoice) }
        let (listed, unlisted) = list.finish()
        guard !listed.isEmpty || !unlisted.isEmpty else { return html + "<p>\(texts.noneOverHundred)</p>\n" }
        let toActOn = unlisted.filter { !$0.inCollection }
        let withAgency = unlisted.filter(\.inCollection)
        if !listed.isEmpty || !toActOn.isEmpty { html += "<p class=\"alarm\">\(texts.overHundredAdvice)</p>\n" }
        if !listed.isEmpty {
            html += table(
                [(texts.invoice, false), (texts.customer, false), (texts.openAmount, true), (texts.dueDate, false),
                 (texts.daysPastDue, true), (texts.dunningState, false)],
                listed.map { invoice in
                    [(escape(invoice.invoiceNumber), false),
                     (AccountantReport.customerCell(invoice.customerName, key: invoice.customerId), false),
                     (money(invoice.open, invoice.currency, texts), true), (texts.report.date(invoice.dueDate), false),
                     ("\(invoice.daysPastDue)", true), (escape(texts.dunning(invoice.dunning)), false)]
                })
        }
        func summed(_ groups: [UnlistedOverdue]) -> (count: Int, sums: String) {
            (groups.reduce(0) { $0 + $1.count },
             AccountantReport.totals(groups.map { ($0.open, $0.currency) }, texts.report))
        }
        if !toActOn.isEmpty {
            let more = summed(toActOn)
            html += "<p>\(escape(texts.overHundredMore(listed.count, more.count, more.sums)))</p>\n" + table(
                [(texts.band, false), (texts.invoices, true), (texts.openAmount, true)],
                toActOn.map { [(escape(texts.overdueBand($0.band)), false), ("\($0.count)", true),
                               (money($0.open, $0.currency, texts), true)] })
        }
        if !withAgency.isEmpty {
            let agency = summed(withAgency)
            html += "<p>\(escape(texts.overHundredWithAgency(agency.count, agency.sums)))</p>\n"
        }
        return html
    }

    /// How many of the invoices over 100 days past due to act on the page lists, the oldest first: the page stays the
    /// size of a day's reading however many there are.
    public static let shownOverdueInvoices = 100

    // MARK: Payers

    private static func payers(_ insight: InsightReport, _ texts: InsightTexts) -> String {
        var html = "<h2>\(texts.payersHeading)</h2>\n"
        for figure in insight.dso {
            html += "<p><b>\(figure.currency.code)</b>: " + escape(figure.days.map {
                texts.dso(texts.days($0), money(figure.open, figure.currency, texts), money(figure.invoiced, figure.currency, texts))
            } ?? texts.noDSO) + "</p>\n"
        }
        html += "<p class=\"advice\">\(texts.payersIntro)</p>\n"
        guard !insight.slowestPayers.isEmpty else { return html + "<p>\(texts.noSlowPayers)</p>\n" }
        func amounts(_ list: [Amount]) -> String {
            list.map { money($0.minorUnits, $0.currency, texts) }.joined(separator: "<br>")
        }
        return html + table(
            [(texts.customer, false), (texts.paid, true), (texts.averageLate, true), (texts.weightedLate, true),
             (texts.onTime, true), (texts.openAmount, true), (texts.overdue, true)],
            insight.slowestPayers.map { payer in
                [(AccountantReport.customerCell(payer.customerName, key: payer.customerId), false),
                 ("\(payer.invoicesPaid)", true),
                 (payer.averageDaysLate.map(texts.days) ?? "", true), (payer.weightedDaysLate.map(texts.days) ?? "", true),
                 (payer.onTimeShare.map(texts.percent) ?? "", true), (amounts(payer.open), true), (amounts(payer.overdue), true)]
            })
    }

    // MARK: Trends

    private static func trends(_ insight: InsightReport, _ texts: InsightTexts) -> String {
        var html = "<h2>\(texts.trendsHeading)</h2>\n<p class=\"advice\">\(escape(texts.trendsIntro(insight.trendMarginDays)))</p>\n"
        guard !insight.trendAlarms.isEmpty else { return html + "<p>\(texts.noTrends)</p>\n" }
        // Each 30-day period by the day it ends, the oldest first, as the alarm's series runs.
        let periods = insight.trendAlarms[0].monthlyDaysLate.indices.reversed().map { insight.asOf.adding(days: -30 * $0) }
        let labels = periods.map { texts.report.language == .en ? String($0.description.dropFirst(5)) : "\($0.day).\($0.month)." }
        for alarm in insight.trendAlarms.prefix(shownTrendAlarms) {
            let name = alarm.customerName ?? alarm.customerId
            html += "<p class=\"alarm\">" + escape(texts.trend(
                name, texts.days(alarm.recentDaysLate), texts.days(alarm.previousDaysLate), texts.days(alarm.slowerBy))) + "</p>\n"
            html += SVGChart.chart(
                title: texts.trendChart(name), labels: labels,
                series: [SVGChart.Series(name: texts.daysLateSeries, values: alarm.monthlyDaysLate, style: .line),
                         SVGChart.Series(name: texts.earlierLevel, values: labels.map { _ in alarm.previousDaysLate },
                                         style: .dashedLine)],
                axisText: { texts.days($0) }) + "\n"
        }
        if insight.trendAlarms.count > shownTrendAlarms {
            html += "<p>\(escape(texts.moreTrends(insight.trendAlarms.count - shownTrendAlarms)))</p>\n"
        }
        return html
    }

    /// How many of the customers who slowed down the page shows, each with its chart (the most slowed first): the
    /// page stays the size of a day's reading however many slowed.
    public static let shownTrendAlarms = 10

    // MARK: Forecast

    private static func forecasts(_ insight: InsightReport, _ texts: InsightTexts) -> String {
        var html = "<h2>\(texts.forecastHeading)</h2>\n<p class=\"advice\">\(texts.forecastIntro)</p>\n"
        for forecast in insight.forecasts {
            let currency = forecast.currency
            func week(_ start: LocalDate, _ end: LocalDate) -> String { "\(texts.report.date(start))–\(texts.report.date(end))" }
            func label(_ start: LocalDate) -> String {
                texts.report.language == .en ? String(start.description.dropFirst(5)) : "\(start.day).\(start.month)."
            }
            html += "<h3>\(currency.code)</h3>\n"
            html += SVGChart.chart(
                title: texts.forecastChart(currency.code), labels: forecast.weeks.map { label($0.start) },
                series: [SVGChart.Series(name: texts.expected, values: forecast.weeks.map { Double($0.expected) }, style: .bars),
                         SVGChart.Series(name: texts.naive, values: forecast.weeks.map { Double($0.naive) }, style: .dashedLine)],
                axisText: moneyAxis(currency, texts)) + "\n"
            html += table(
                [(texts.week, false), (texts.expected, true), (texts.naive, true)],
                forecast.weeks.map { [(week($0.start, $0.end), false), (money($0.expected, currency, texts), true),
                                      (money($0.naive, currency, texts), true)] })
            html += "<p>\(escape(texts.beyond(money(forecast.beyond, currency, texts))))</p>\n"
            let backTest = forecast.backTest
            html += "<h3>\(escape(texts.backTestHeading(texts.report.date(backTest.madeAsOf))))</h3>\n"
            if let error = backTest.error, let naive = backTest.naiveError {
                html += "<p><b>\(escape(texts.backTestError(texts.percentage(error), texts.percentage(naive))))</b></p>\n"
            } else {
                html += "<p>\(texts.nothingArrived)</p>\n"
            }
            html += SVGChart.chart(
                title: texts.backTestChart(currency.code), labels: backTest.weeks.map { label($0.start) },
                series: [SVGChart.Series(name: texts.expected, values: backTest.weeks.map { Double($0.expected) }, style: .bars),
                         SVGChart.Series(name: texts.actual, values: backTest.weeks.map { Double($0.actual) }, style: .line),
                         SVGChart.Series(name: texts.naive, values: backTest.weeks.map { Double($0.naive) }, style: .dashedLine)],
                axisText: moneyAxis(currency, texts)) + "\n"
            html += table(
                [(texts.week, false), (texts.expected, true), (texts.actual, true), (texts.naive, true)],
                backTest.weeks.map { [(week($0.start, $0.end), false), (money($0.expected, currency, texts), true),
                                      (money($0.actual, currency, texts), true), (money($0.naive, currency, texts), true)] })
        }
        return html
    }
}
