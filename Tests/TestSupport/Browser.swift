public import Foundation

/// A real browser for the page tests: Debian's chromium, headless, prints an HTML file to PDF as a reader printing
/// the page would; poppler's pdfinfo tells the pages and their size, pdftoppm turns a page into pixels.
public enum Browser {
    /// A test failure with what the tool said.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The first of the names found on PATH, or a failure naming the Debian package to install.
    static func tool(_ names: [String], package: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        throw Failure(description: "\(names[0]) is not installed: apt-get install \(package) (.ci/run does)")
    }

    /// Runs a program to its end and returns its standard output; a failure when it exits non-zero.
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let result = try runProgram(program, arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) exited \(result.status): \(result.standardError)")
        }
        return result.standardOutput
    }

    /// Prints the HTML file to a PDF as chromium's print does (no header or footer; the page's own `@page` size).
    /// As root chromium needs `--no-sandbox`.
    public static func printToPDF(_ html: URL, to pdf: URL) throws {
        let chromium = try tool(["chromium", "chromium-browser"], package: "chromium")
        _ = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                               "--print-to-pdf=\(pdf.path)", html.absoluteString])
        guard FileManager.default.fileExists(atPath: pdf.path) else {
            throw Failure(description: "chromium wrote no \(pdf.path)")
        }
    }

    /// The PDF's pages and the size pdfinfo names for them (`A4`, or the points when it has no name).
    public static func pages(of pdf: URL) throws -> (count: Int, size: String) {
        let info = try run(try tool(["pdfinfo"], package: "poppler-utils"), [pdf.path])
        var count = 0
        var size = ""
        for line in info.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "Pages" { count = Int(parts[1]) ?? 0 }
            if parts[0] == "Page size" { size = parts[1] }
        }
        return (count, size)
    }

    /// A page of pixels, 8-bit RGB, row by row.
    public struct Image: Sendable {
        public let width: Int
        public let height: Int
        public let rgb: [UInt8]

        /// How many pixels are within `tolerance` of the colour `#rrggbb` in each channel.
        public func count(of colour: String, tolerance: Int = 24) -> Int {
            let value = Int(colour.dropFirst(), radix: 16) ?? 0
            let target = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF]
            var matching = 0
            var index = 0
            while index + 2 < rgb.count {
                if abs(Int(rgb[index]) - target[0]) <= tolerance && abs(Int(rgb[index + 1]) - target[1]) <= tolerance
                    && abs(Int(rgb[index + 2]) - target[2]) <= tolerance
                {
                    matching += 1
                }
                index += 3
            }
            return matching
        }
    }

    /// Page `page` (from 1) of the PDF as pixels at `dpi`, through pdftoppm's PPM output.
    public static func raster(_ pdf: URL, page: Int, dpi: Int = 40) throws -> Image {
        let prefix = pdf.deletingPathExtension().path + "-raster"
        _ = try run(try tool(["pdftoppm"], package: "poppler-utils"),
                    ["-r", "\(dpi)", "-f", "\(page)", "-l", "\(page)", "-singlefile", pdf.path, prefix])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: prefix + ".ppm")))
        // P6 <width> <height> <255>, each separated by one white-space byte, then the pixels.
        var fields: [Int] = []
        var index = 2
        while fields.count < 3 {
            while bytes[index] == 0x20 || bytes[index] == 0x0A { index += 1 }
            var number = 0
            while bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                number = number * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            fields.append(number)
        }
        guard bytes.starts(with: [0x50, 0x36]), fields[2] == 255 else {
            throw Failure(description: "\(prefix).ppm is not an 8-bit P6 image")
        }
        return Image(width: fields[0], height: fields[1], rgb: Array(bytes[(index + 1)...]))
    }
}
