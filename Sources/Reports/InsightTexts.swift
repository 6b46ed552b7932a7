import Receivables

/// Every text of the insight sections (on report.html and on `saatava insight --format html`), in one language; money
/// and dates as the report writes them (`ReportTexts`), days and percentages with one decimal in the language's way.
struct InsightTexts: Sendable {
    let report: ReportTexts

    let pageTitle: @Sendable (_ day: String) -> String

    // Ageing.
    let ageingHeading: String
    let ageingIntro: String
    let bucket: @Sendable (_ bucket: AgeingBucket) -> String
    let band: String
    let invoices: String
    let openAmount: String
    let total: String
    let ageingChart: @Sendable (_ currency: String) -> String
    let overHundredHeading: String
    /// Why the over-100 list matters, and what to do.
    let overHundredAdvice: String
    let noneOverHundred: String
    /// Those over 100 days past due that are with the collection agency already: how many, and what they owe.
    let overHundredWithAgency: @Sendable (_ count: Int, _ sums: String) -> String
    /// Those over 100 days past due to act on beyond the oldest the page lists: how many are listed, how many more
    /// there are and what they owe, and where the whole list is.
    let overHundredMore: @Sendable (_ listed: Int, _ count: Int, _ sums: String) -> String
    let overdueBand: @Sendable (_ band: OverdueBand) -> String
    let invoice: String
    let customer: String
    let dueDate: String
    let daysPastDue: String
    let dunningState: String
    let dunning: @Sendable (_ state: DunningState) -> String

    // Payers.
    let payersHeading: String
    let payersIntro: String
    let dso: @Sendable (_ days: String, _ open: String, _ invoiced: String) -> String
    let noDSO: String
    let paid: String
    let averageLate: String
    let weightedLate: String
    let onTime: String
    let overdue: String
    let noSlowPayers: String

    // Trends.
    let trendsHeading: String
    let trendsIntro: @Sendable (_ margin: Int) -> String
    let noTrends: String
    let trend: @Sendable (_ customer: String, _ recent: String, _ previous: String, _ slower: String) -> String
    let trendChart: @Sendable (_ customer: String) -> String
    /// The alarms beyond those the page shows.
    let moreTrends: @Sendable (_ count: Int) -> String
    let daysLateSeries: String
    let earlierLevel: String

    // Forecast.
    let forecastHeading: String
    let forecastIntro: String
    let week: String
    let expected: String
    let naive: String
    let actual: String
    let beyond: @Sendable (_ amount: String) -> String
    let forecastChart: @Sendable (_ currency: String) -> String
    let backTestHeading: @Sendable (_ day: String) -> String
    let backTestError: @Sendable (_ error: String, _ naive: String) -> String
    let backTestChart: @Sendable (_ currency: String) -> String
    let nothingArrived: String

    /// Days with one decimal: `13,0` (fi, sv), `13.0` (en).
    func days(_ value: Double) -> String { oneDecimal(value) }

    /// A share from 0 to 1 as a percentage with one decimal: `87,5 %` (fi, sv, with a no-break space), `87.5%` (en).
    func percent(_ share: Double) -> String { percentage(share * 100) }

    /// A percentage as it is, with one decimal.
    func percentage(_ value: Double) -> String {
        oneDecimal(value) + (report.language == .en ? "%" : Language.noBreakSpace + "%")
    }

    private func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let text = (tenths < 0 ? "\u{2212}" : "") + "\(tenths.magnitude / 10)" + (report.language == .en ? "." : ",")
            + "\(tenths.magnitude % 10)"
        return text
    }

    static let finnish = InsightTexts(
        report: .finnish,
        pageTitle: { "Saatavien tilanne \($0)" },
        ageingHeading: "Saatavien ikäjakauma",
        ageingIntro: "Avoin pääoma sen mukaan, montako päivää eräpäivästä on kulunut.",
        bucket: { bucket in
            switch bucket {
            case .notDue: "ei erääntynyt"
            case .days1To30: "1–30 pv"
            case .days31To60: "31–60 pv"
            case .days61To90: "61–90 pv"
            case .days91To100: "91–100 pv"
            case .over100: "yli 100 pv"
            }
        },
        band: "Erääntynyt", invoices: "Laskuja", openAmount: "Avoinna", total: "Yhteensä",
        ageingChart: { "Avoin pääoma ikäluokittain, \($0)" },
        overHundredHeading: "Yli 100 päivää erääntyneet",
        overHundredAdvice: "Yli 100 päivää erääntynyt saatava vaatii toimia: soita asiakkaalle, sovi maksusuunnitelma, "
            + "siirrä perintään tai kirjaa luottotappioksi.",
        noneOverHundred: "Ei yli 100 päivää erääntyneitä laskuja.",
        overHundredWithAgency: { count, sums in
            "\(count) \(count == 1 ? "lasku" : "laskua") (\(sums)) on jo perintätoimistossa, eikä "
                + "\(count == 1 ? "sitä" : "niitä") luetella tässä. Koko lista: saatava ledger transfers."
        },
        overHundredMore: { listed, count, sums in
            "Luettelo näyttää vanhimmat \(listed). Lisäksi \(count) \(count == 1 ? "lasku" : "laskua") (\(sums)) on "
                + "erääntynyt yli 100 päivää; ne on laskettu alle sen mukaan, kuinka kauan. Koko lista: "
                + "saatava insight --format json (overHundredDays); kaikki avoimet laskut eräpäivineen "
                + "taulukkolaskentaan: saatava ledger invoices --status open --format csv."
        },
        overdueBand: { band in
            band.days.through.map { "\(band.days.from)–\($0) pv" } ?? "yli \(band.days.from - 1) pv"
        },
        invoice: "Lasku", customer: "Asiakas", dueDate: "Eräpäivä", daysPastDue: "Päivää erääntynyt",
        dunningState: "Perinnän vaihe",
        dunning: { state in
            if state.inCollection { return "perintätoimistossa" }
            switch state.hold {
            case .dispute: return "riitautettu"
            case .plan: return "maksusuunnitelma"
            case .hold: return "pidossa"
            case nil: return state.reminderLevel > 0 ? "\(state.reminderLevel). muistutus lähetetty" : "ei muistutettu"
            }
        },
        payersHeading: "Maksajat",
        payersIntro: "Hitaimmat maksajat viimeisten 12 kuukauden maksujen mukaan: päivät eräpäivästä maksupäivään, "
            + "painotettuna maksetulla summalla.",
        dso: { "Myyntisaamisten kiertoaika (DSO) \($0) päivää: avoinna \($1), laskutettu 90 päivässä \($2)." },
        noDSO: "Myyntisaamisten kiertoaikaa ei voi laskea: viimeisten 90 päivän aikana ei ole laskutettu.",
        paid: "Maksettuja laskuja", averageLate: "Myöhässä keskim. (pv)", weightedLate: "Painotettu myöhästyminen (pv)",
        onTime: "Ajallaan", overdue: "Erääntynyt",
        noSlowPayers: "Kukaan asiakas ei ole maksanut myöhässä viimeisten 12 kuukauden aikana.",
        trendsHeading: "Hidastuneet maksajat",
        trendsIntro: { "Asiakkaat, joiden viimeisten 90 päivän maksut ovat olleet keskimäärin yli \($0) päivää "
            + "myöhäisempiä kuin sitä edeltävien 270 päivän: puutu ennen kuin saatava muuttuu luottotappioksi." },
        noTrends: "Kenenkään maksutapa ei ole hidastunut.",
        trend: { "\($0): viimeiset 90 päivää \($1) pv myöhässä, aiemmin \($2) pv (hidastunut \($3) pv)." },
        trendChart: { "Maksujen painotettu myöhästyminen 30 päivän jaksoittain, \($0)" },
        moreTrends: { "Lisäksi \($0) muun asiakkaan maksut ovat hidastuneet: koko luettelo komennolla saatava insight." },
        daysLateSeries: "myöhässä (pv)", earlierLevel: "aiempi taso",
        forecastHeading: "Kassaennuste",
        forecastIntro: "Avoimista laskuista odotettavat maksut seuraavien 8 viikon aikana kunkin asiakkaan omien "
            + "maksutapojen mukaan (vähän maksaneilla koko yrityksen mukaan). Vertailuna naiivi ennuste: jokainen "
            + "avoin lasku maksetaan eräpäivänään.",
        week: "Viikko", expected: "Ennuste", naive: "Naiivi ennuste", actual: "Toteutunut",
        beyond: { "Myöhemmin tai ei lainkaan: \($0)." },
        forecastChart: { "Kassaennuste viikoittain, \($0)" },
        backTestHeading: { "Sama ennuste 8 viikkoa sitten (\($0)) ja mitä todella tuli" },
        backTestError: { "Ennusteen virhe \($0), naiivin ennusteen \($1) (painotettu absoluuttinen prosenttivirhe)." },
        backTestChart: { "Ennuste ja toteutunut viikoittain, \($0)" },
        nothingArrived: "Jaksolla ei tullut maksuja: virhettä ei voi laskea.")

    static let swedish = InsightTexts(
        report: .swedish,
        pageTitle: { "Läget för kundfordringarna \($0)" },
        ageingHeading: "Kundfordringarnas åldersfördelning",
        ageingIntro: "Öppet kapital efter hur många dagar som gått sedan förfallodagen.",
        bucket: { bucket in
            switch bucket {
            case .notDue: "ej förfallen"
            case .days1To30: "1–30 d"
            case .days31To60: "31–60 d"
            case .days61To90: "61–90 d"
            case .days91To100: "91–100 d"
            case .over100: "över 100 d"
            }
        },
        band: "Förfallen", invoices: "Fakturor", openAmount: "Öppet", total: "Totalt",
        ageingChart: { "Öppet kapital per åldersklass, \($0)" },
        overHundredHeading: "Förfallna över 100 dagar",
        overHundredAdvice: "En fordran som förfallit för över 100 dagar sedan kräver åtgärder: ring kunden, avtala en "
            + "betalningsplan, överför till inkasso eller bokför en kundförlust.",
        noneOverHundred: "Inga fakturor som förfallit för över 100 dagar sedan.",
        overHundredWithAgency: { count, sums in
            "\(count) \(count == 1 ? "faktura" : "fakturor") (\(sums)) är redan hos indrivningsbyrån och listas inte "
                + "här. Hela listan: saatava ledger transfers."
        },
        overHundredMore: { listed, count, sums in
            "Listan visar de \(listed) äldsta. Ytterligare \(count) \(count == 1 ? "faktura" : "fakturor") (\(sums)) "
                + "har förfallit för över 100 dagar sedan; de räknas nedan efter hur länge. Hela listan: "
                + "saatava insight --format json (overHundredDays); alla öppna fakturor med förfallodag för ett "
                + "kalkylblad: saatava ledger invoices --status open --format csv."
        },
        overdueBand: { band in
            band.days.through.map { "\(band.days.from)–\($0) d" } ?? "över \(band.days.from - 1) d"
        },
        invoice: "Faktura", customer: "Kund", dueDate: "Förfallodag", daysPastDue: "Dagar förfallen",
        dunningState: "Indrivningsskede",
        dunning: { state in
            if state.inCollection { return "hos inkassobyrån" }
            switch state.hold {
            case .dispute: return "bestriden"
            case .plan: return "betalningsplan"
            case .hold: return "vilande"
            case nil: return state.reminderLevel > 0 ? "\(state.reminderLevel). påminnelsen skickad" : "ingen påminnelse"
            }
        },
        payersHeading: "Betalare",
        payersIntro: "De långsammaste betalarna enligt de senaste 12 månadernas betalningar: dagar från förfallodagen "
            + "till betalningen, viktade med det betalda beloppet.",
        dso: { "Kundfordringarnas omloppstid (DSO) \($0) dagar: öppet \($1), fakturerat under 90 dagar \($2)." },
        noDSO: "Omloppstiden kan inte räknas: inget har fakturerats under de senaste 90 dagarna.",
        paid: "Betalda fakturor", averageLate: "Försenad i snitt (d)", weightedLate: "Viktad försening (d)",
        onTime: "I tid", overdue: "Förfallet",
        noSlowPayers: "Ingen kund har betalat för sent under de senaste 12 månaderna.",
        trendsHeading: "Betalare som blivit långsammare",
        trendsIntro: { "Kunder vars betalningar under de senaste 90 dagarna i snitt varit mer än \($0) dagar senare än "
            + "under de 270 dagarna dessförinnan: ingrip innan fordran blir en kundförlust." },
        noTrends: "Ingen kunds betalningar har blivit långsammare.",
        trend: { "\($0): de senaste 90 dagarna \($1) d för sent, tidigare \($2) d (långsammare med \($3) d)." },
        trendChart: { "Betalningarnas viktade försening per 30-dagarsperiod, \($0)" },
        moreTrends: { "Ytterligare \($0) kunders betalningar har blivit långsammare: hela listan med saatava insight." },
        daysLateSeries: "försening (d)", earlierLevel: "tidigare nivå",
        forecastHeading: "Kassaprognos",
        forecastIntro: "Betalningar som väntas på de öppna fakturorna under de kommande 8 veckorna enligt varje kunds "
            + "egna betalningsvanor (för kunder med få betalningar enligt hela företagets). Som jämförelse en naiv "
            + "prognos: varje öppen faktura betalas på förfallodagen.",
        week: "Vecka", expected: "Prognos", naive: "Naiv prognos", actual: "Utfall",
        beyond: { "Senare eller aldrig: \($0)." },
        forecastChart: { "Kassaprognos per vecka, \($0)" },
        backTestHeading: { "Samma prognos för 8 veckor sedan (\($0)) och vad som verkligen kom in" },
        backTestError: { "Prognosens fel \($0), den naiva prognosens \($1) (viktat absolut procentfel)." },
        backTestChart: { "Prognos och utfall per vecka, \($0)" },
        nothingArrived: "Inga betalningar kom under perioden: felet kan inte räknas.")

    static let english = InsightTexts(
        report: .english,
        pageTitle: { "Receivables at \($0)" },
        ageingHeading: "Ageing of receivables",
        ageingIntro: "Open principal by how many days have passed since the due date.",
        bucket: { bucket in
            switch bucket {
            case .notDue: "not due"
            case .days1To30: "1–30 d"
            case .days31To60: "31–60 d"
            case .days61To90: "61–90 d"
            case .days91To100: "91–100 d"
            case .over100: "over 100 d"
            }
        },
        band: "Past due", invoices: "Invoices", openAmount: "Open", total: "Total",
        ageingChart: { "Open principal by age, \($0)" },
        overHundredHeading: "Over 100 days past due",
        overHundredAdvice: "A receivable over 100 days past due demands action: call the customer, agree a payment "
            + "plan, transfer it to collection or write it off as a credit loss.",
        noneOverHundred: "No invoice is over 100 days past due.",
        overHundredWithAgency: { count, sums in
            "\(count) invoice\(count == 1 ? "" : "s") (\(sums)) \(count == 1 ? "is" : "are") already with the "
                + "collection agency and not listed here. The whole list: saatava ledger transfers."
        },
        overHundredMore: { listed, count, sums in
            "The list shows the \(listed) oldest. \(count) more invoice\(count == 1 ? "" : "s") (\(sums)) "
                + "\(count == 1 ? "is" : "are") over 100 days past due; they are counted below by how long. The whole "
                + "list: saatava insight --format json (overHundredDays); every open invoice with its due date, for a "
                + "spreadsheet: saatava ledger invoices --status open --format csv."
        },
        overdueBand: { band in
            band.days.through.map { "\(band.days.from)–\($0) d" } ?? "over \(band.days.from - 1) d"
        },
        invoice: "Invoice", customer: "Customer", dueDate: "Due date", daysPastDue: "Days past due",
        dunningState: "Dunning",
        dunning: { state in
            if state.inCollection { return "with the collection agency" }
            switch state.hold {
            case .dispute: return "disputed"
            case .plan: return "payment plan"
            case .hold: return "on hold"
            case nil: return state.reminderLevel > 0 ? "reminder \(state.reminderLevel) sent" : "not reminded"
            }
        },
        payersHeading: "Payers",
        payersIntro: "The slowest payers by the last 12 months' payments: days from the due date to the payment, "
            + "weighted by the amount paid.",
        dso: { "Days sales outstanding (DSO) \($0) days: open \($1), invoiced in 90 days \($2)." },
        noDSO: "DSO cannot be computed: nothing was invoiced in the last 90 days.",
        paid: "Invoices paid", averageLate: "Late on average (d)", weightedLate: "Weighted days late",
        onTime: "On time", overdue: "Overdue",
        noSlowPayers: "No customer paid late in the last 12 months.",
        trendsHeading: "Customers paying later",
        trendsIntro: { "Customers whose payments of the last 90 days were on average more than \($0) days later than "
            + "those of the 270 days before: act before the receivable becomes a credit loss." },
        noTrends: "No customer's payments have slowed down.",
        trend: { "\($0): last 90 days \($1) d late, before \($2) d (slower by \($3) d)." },
        trendChart: { "Weighted days late of the payments, per 30 days, \($0)" },
        moreTrends: { "\($0) more customers' payments have slowed down: the full list with saatava insight." },
        daysLateSeries: "days late", earlierLevel: "earlier level",
        forecastHeading: "Cash-in forecast",
        forecastIntro: "Payments expected on the open invoices in the next 8 weeks, by each customer's own habits (by "
            + "the whole company's for customers with few payments). For comparison, the naive forecast: every open "
            + "invoice is paid on its due date.",
        week: "Week", expected: "Forecast", naive: "Naive forecast", actual: "Actual",
        beyond: { "Later or never: \($0)." },
        forecastChart: { "Cash-in forecast per week, \($0)" },
        backTestHeading: { "The same forecast 8 weeks ago (\($0)) and what actually arrived" },
        backTestError: { "Forecast error \($0), the naive forecast's \($1) (weighted absolute percentage error)." },
        backTestChart: { "Forecast and actual per week, \($0)" },
        nothingArrived: "Nothing arrived in the period: the error cannot be computed.")
}

extension Language {
    /// Every text of the insight sections in this language.
    var insight: InsightTexts {
        switch self {
        case .fi: return .finnish
        case .sv: return .swedish
        case .en: return .english
        }
    }
}
