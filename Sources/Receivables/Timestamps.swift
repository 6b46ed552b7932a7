/// ISO 8601 timestamps and the Helsinki calendar day, worked out here: Foundation's date formatters and time zones load
/// ICU's data, which costs a run 6–8 MB of resident memory for what these few lines do.
public enum Timestamps {
    /// `YYYY-MM-DDTHH:MM:SSZ`, the instant `seconds` after 1970-01-01 UTC.
    public static func utc(_ seconds: Int64) -> String {
        let days = seconds.floorDivided(by: 86_400)
        let time = seconds - days * 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(LocalDate(daysSinceEpoch: Int(days)))T\(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))Z"
    }

    /// Seconds after 1970-01-01 UTC of `YYYY-MM-DDTHH:MM:SS`, with or without a decimal fraction of a second (which
    /// is dropped), followed by `Z` or an offset (`+02:00`, `-0500`); nil for other text, a time without a zone
    /// among it.
    public static func seconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"),
            let day = try? LocalDate(parsing: String(decoding: bytes[0..<10], as: UTF8.self)),
            let hours = number(bytes[11..<13]), let minutes = number(bytes[14..<16]),
            let secondsPart = number(bytes[17..<19]), hours < 24, minutes < 60, secondsPart < 60
        else { return nil }
        let local = Int64(day.daysSinceEpoch) * 86_400 + hours * 3600 + minutes * 60 + secondsPart
        var zoneStart = 19
        if bytes[19] == UInt8(ascii: ".") {
            zoneStart = 20
            while zoneStart < bytes.count, bytes[zoneStart] >= 0x30, bytes[zoneStart] <= 0x39 { zoneStart += 1 }
            guard zoneStart > 20 && zoneStart < bytes.count else { return nil }
        }
        let zone = Array(bytes[zoneStart...])
        if zone == [UInt8(ascii: "Z")] { return local }
        // ±HH:MM or ±HHMM.
        let sign = zone[0]
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
            zone.count == 6 && zone[3] == UInt8(ascii: ":") || zone.count == 5,
            let offsetHours = number(zone[1..<3]), let offsetMinutes = number(zone.suffix(2)), offsetHours < 24,
            offsetMinutes < 60
        else { return nil }
        let offset = offsetHours * 3600 + offsetMinutes * 60
        return sign == UInt8(ascii: "+") ? local - offset : local + offset
    }

    /// The calendar day in Helsinki at the instant `seconds` after 1970-01-01 UTC: UTC+2, and UTC+3 in summer time,
    /// which Finland keeps as the whole EU has since 1996 (now Directive 2000/84/EC): from 01:00 UTC on the last
    /// Sunday of March to 01:00 UTC on the last Sunday of October.
    public static func helsinkiDay(_ seconds: Int64) -> LocalDate {
        let year = LocalDate(daysSinceEpoch: Int(seconds.floorDivided(by: 86_400))).year
        func lastSunday(_ month: Int) -> Int64 {
            let last = LocalDate(year: year, month: month, day: 31)!
            return Int64(last.adding(days: -(last.weekday % 7)).daysSinceEpoch) * 86_400 + 3600
        }
        let summer = (lastSunday(3)..<lastSunday(10)).contains(seconds)
        return LocalDate(daysSinceEpoch: Int((seconds + (summer ? 3 : 2) * 3600).floorDivided(by: 86_400)))
    }

    private static func number(_ digits: some Collection<UInt8>) -> Int64? {
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int64($1 - 0x30) }
    }
}
