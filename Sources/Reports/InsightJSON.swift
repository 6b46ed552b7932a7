public import Receivables

/// `saatava insight --format json`: the insight report as one JSON document on one line (docs/insight.md lists the
/// keys). Amounts are decimal strings with the currency's minor digits, dates `YYYY-MM-DD`, days and percentages
/// numbers with one decimal.
public enum InsightJSON {
    /// The report as JSON, ending with a line feed: a report that lists every invoice over 100 days past due.
    public static func render(_ report: InsightReport) -> String {
        precondition(report.unlistedOverdue.isEmpty, "the JSON lists every invoice over 100 days past due")
        var json = JSONLineBuilder()
        json.beginObject()
        json.field("asOf", date: report.asOf)
        json.field("trendMarginDays", report.trendMarginDays)
        json.field("minimumSample", report.minimumSample)
        json.beginArray("ageing")
        for table in report.ageing {
            json.nextElement()
            json.beginObject()
            json.field("currency", table.currency.code)
            json.field("count", table.count)
            json.field("amount", decimal: Amount(minorUnits: table.amount, currency: table.currency))
            json.beginArray("buckets")
            for row in table.rows {
                json.nextElement()
                json.beginObject()
                json.field("bucket", row.bucket.rawValue)
                json.field("count", row.count)
                json.field("amount", decimal: Amount(minorUnits: row.amount, currency: table.currency))
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.beginArray("overHundredDays")
        for invoice in report.overHundredDays {
            json.nextElement()
            json.beginObject()
            json.field("invoiceNumber", invoice.invoiceNumber)
            json.field("customerId", invoice.customerId)
            json.field("customerName", invoice.customerName)
            json.field("currency", invoice.currency.code)
            json.field("amount", decimal: Amount(minorUnits: invoice.amount, currency: invoice.currency))
            json.field("open", decimal: Amount(minorUnits: invoice.open, currency: invoice.currency))
            json.field("dueDate", date: invoice.dueDate)
            json.field("daysPastDue", invoice.daysPastDue)
            json.beginObject("dunning")
            json.field("reminderLevel", invoice.dunning.reminderLevel)
            json.field("inCollection", invoice.dunning.inCollection)
            json.field("hold", invoice.dunning.hold?.rawValue)
            json.endObject()
            json.endObject()
        }
        json.endArray()
        let lists: [(StaticString, [PayerBehaviour])] = [("payers", report.payers), ("slowestPayers", report.slowestPayers)]
        for (name, payers) in lists {
            json.beginArray(name)
            for payer in payers { payerObject(payer, into: &json) }
            json.endArray()
        }
        json.beginArray("trendAlarms")
        for alarm in report.trendAlarms {
            json.nextElement()
            json.beginObject()
            json.field("customerId", alarm.customerId)
            json.field("customerName", alarm.customerName)
            json.field("recentDaysLate", oneDecimal: alarm.recentDaysLate)
            json.field("recentPayments", alarm.recentPayments)
            json.field("previousDaysLate", oneDecimal: alarm.previousDaysLate)
            json.field("previousPayments", alarm.previousPayments)
            json.field("slowerBy", oneDecimal: alarm.slowerBy)
            json.field("marginDays", alarm.marginDays)
            json.beginArray("monthlyDaysLate")
            for days in alarm.monthlyDaysLate {
                json.nextElement()
                json.element(oneDecimal: days)
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.beginArray("forecasts")
        for forecast in report.forecasts { forecastObject(forecast, into: &json) }
        json.endArray()
        json.beginArray("dso")
        for figure in report.dso {
            json.nextElement()
            json.beginObject()
            json.field("currency", figure.currency.code)
            json.field("open", decimal: Amount(minorUnits: figure.open, currency: figure.currency))
            json.field("invoiced", decimal: Amount(minorUnits: figure.invoiced, currency: figure.currency))
            json.field("days", oneDecimal: figure.days)
            json.endObject()
        }
        json.endArray()
        json.endLine()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    private static func payerObject(_ payer: PayerBehaviour, into json: inout JSONLineBuilder) {
        json.nextElement()
        json.beginObject()
        json.field("customerId", payer.customerId)
        json.field("customerName", payer.customerName)
        json.field("invoicesPaid", payer.invoicesPaid)
        json.field("averageDaysLate", oneDecimal: payer.averageDaysLate)
        json.field("weightedDaysLate", oneDecimal: payer.weightedDaysLate)
        json.field("onTimePercent", oneDecimal: payer.onTimeShare.map { $0 * 100 })
        let lists: [(StaticString, [Amount])] = [("open", payer.open), ("overdue", payer.overdue)]
        for (name, amounts) in lists {
            json.beginArray(name)
            for amount in amounts {
                json.nextElement()
                json.beginObject()
                json.field("currency", amount.currency.code)
                json.field("amount", decimal: amount)
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
    }

    private static func forecastObject(_ forecast: CashForecast, into json: inout JSONLineBuilder) {
        func money(_ cents: Int64) -> Amount { Amount(minorUnits: cents, currency: forecast.currency) }
        json.nextElement()
        json.beginObject()
        json.field("currency", forecast.currency.code)
        json.field("open", decimal: money(forecast.open))
        json.field("beyond", decimal: money(forecast.beyond))
        json.beginArray("weeks")
        for week in forecast.weeks {
            weekObject(week.start, week.end, expected: money(week.expected), naive: money(week.naive), into: &json)
        }
        json.endArray()
        let test = forecast.backTest
        json.beginObject("backTest")
        json.field("madeAsOf", date: test.madeAsOf)
        json.field("errorPercent", oneDecimal: test.error)
        json.field("naiveErrorPercent", oneDecimal: test.naiveError)
        json.beginArray("weeks")
        for week in test.weeks {
            weekObject(week.start, week.end, expected: money(week.expected), naive: money(week.naive),
                       actual: money(week.actual), into: &json)
        }
        json.endArray()
        json.endObject()
        json.endObject()
    }

    /// One week of a forecast or a back-test (`actual` only in a back-test).
    private static func weekObject(
        _ start: LocalDate, _ end: LocalDate, expected: Amount, naive: Amount, actual: Amount? = nil,
        into json: inout JSONLineBuilder
    ) {
        json.nextElement()
        json.beginObject()
        json.field("start", date: start)
        json.field("end", date: end)
        json.field("expected", decimal: expected)
        json.field("naive", decimal: naive)
        if let actual { json.field("actual", decimal: actual) }
        json.endObject()
    }
}
