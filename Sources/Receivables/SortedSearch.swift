extension RandomAccessCollection {
    /// The index of the first element for which `belongs` holds, where it holds for the elements from some index on (a
    /// sorted collection asked "after x?"): found by halves. `endIndex` when it holds for none. Inlinable, so that
    /// the modules that search specialize it rather than call it through generic witnesses.
    @inlinable
    public func partitioningIndex(where belongs: (Element) throws -> Bool) rethrows -> Index {
        var (low, count) = (startIndex, self.count)
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if try belongs(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}

extension BinaryInteger {
    /// The quotient rounded towards minus infinity (`/` rounds towards zero), as day numbers before 1970 need.
    public func floorDivided(by divisor: Self) -> Self {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder != 0 && (remainder < 0) != (divisor < 0) ? quotient - 1 : quotient
    }
}
