/// A synthetic, realistic ownership network for tests and benchmarks, written as FtM records.
///
/// Shape: persons at the top (about 15% of entities); companies in five layers of holding
/// chains below them, each owned by one to four owners from higher layers, picked half the
/// time in proportion to how much they already own (preferential attachment, so
/// out-degree is heavy-tailed); shares per asset sum to at most 100% (the rest is free
/// float) and about 5% are unknown; about 1% of companies take a cross-holding from a
/// company one to three levels below them (a cycle); countries across offshore and home jurisdictions; sector tags (rare
/// earths among them) on about 60% of companies; directorships and family ties; and about
/// 3% of entities designated by the US, EU and/or UK between 2014 and 2024, a tenth of them
/// delisted since. Everything follows from the seed.
public struct SyntheticNetwork: Sendable {
    /// The number of entities to generate (at least 2 are).
    public var entityCount: Int
    /// The seed of the random choices (SplitMix64): one seed, one network.
    public var seed: UInt64

    /// A network of `entities` entities drawn from `seed`.
    public init(entities: Int, seed: UInt64 = 1) {
        entityCount = entities
        self.seed = seed
    }

    static let personCountries = ["ru", "ru", "ru", "kz", "ua", "by", "cy", "gb", "ae", "il", "lv", "ch"]
    static let companyCountries = ["ru", "ru", "cy", "vg", "nl", "ae", "ch", "lu", "gb", "us", "kz", "je", "mt", "hk", "tr"]
    static let sectors = ["rare earths", "nickel", "aluminium", "energy", "banking", "shipping", "coal", "steel", "telecom", "defence"]
    static let surnames = ["Arkov", "Belin", "Chernyk", "Dovlat", "Erstov", "Falkin", "Gorev", "Hasek", "Ilvanov", "Jurin",
                           "Kovrin", "Lomtev", "Marov", "Nerin", "Ostrov", "Pavlin", "Rudnev", "Savin", "Tarkov", "Usmanov-Lind",
                           "Vesnin", "Zorin", "Altan", "Bekov", "Dzhanov"]
    static let givenNames = ["Anatoly", "Boris", "Dmitri", "Elena", "Fyodor", "Galina", "Igor", "Irina", "Kirill", "Larisa",
                             "Mikhail", "Nadia", "Oleg", "Pavel", "Roman", "Svetlana", "Timur", "Viktor", "Yulia", "Zarina"]
    static let companyWords = ["Aurora", "Borealis", "Crest", "Delta", "Ember", "Fjord", "Granit", "Helix", "Iskra", "Jade",
                               "Kestrel", "Lumen", "Meridian", "Nord", "Orion", "Polar", "Quarry", "Rift", "Sable", "Taiga",
                               "Ural", "Vega", "Wolfram", "Yenisei", "Zenith"]
    static let companyForms = ["Holdings Ltd", "Invest LLC", "Trading AG", "Resources JSC", "Capital BV", "Group PLC", "Mining LLC", "Partners LP"]

    /// Calls `emit(id, schema, properties)` for each record, entities first, then ties, then sanctions.
    /// - Complexity: O(N) time; O(N) memory for the ownership bookkeeping.
    public func generate(_ emit: (String, String, [(String, [String])]) throws -> Void) rethrows {
        var rng = SplitMix64(seed: seed)
        let n = max(entityCount, 2)
        let persons = max(1, n * 15 / 100)
        let others = n - persons
        let vessels = others * 2 / 100
        let organizations = others * 3 / 100
        let companies = others - vessels - organizations
        func id(_ i: Int) -> String {
            if i < persons { return "p\(i)" }
            if i < persons + companies { return "c\(i)" }
            if i < persons + companies + organizations { return "o\(i)" }
            return "v\(i)"
        }
        func day(_ year: Int, _ dayOfYear: Int) -> String {
            let d = Day(year: year, month: 1, day: 1).map { Day(daysSinceEpoch: $0.daysSinceEpoch + Int32(dayOfYear)) }
            return d?.description ?? "\(year)-01-01"
        }
        // Entities.
        for i in 0 ..< n {
            if i < persons {
                let name = "\(SyntheticNetwork.givenNames[rng.below(20)]) \(SyntheticNetwork.surnames[rng.below(25)]) \(i)"
                try emit(id(i), "Person", [("name", [name]), ("country", [SyntheticNetwork.personCountries[rng.below(12)]])])
            } else if i < persons + companies + organizations {
                let isCompany = i < persons + companies
                let name = "\(SyntheticNetwork.companyWords[rng.below(25)]) \(SyntheticNetwork.companyWords[rng.below(25)]) "
                    + (isCompany ? SyntheticNetwork.companyForms[rng.below(8)] : "Foundation") + " \(i)"
                var props: [(String, [String])] = [("name", [name]), ("country", [SyntheticNetwork.companyCountries[rng.below(15)]])]
                if isCompany && rng.unit() < 0.6 {
                    var s = [SyntheticNetwork.sectors[rng.below(10)]]
                    if rng.unit() < 0.1 { s.append(SyntheticNetwork.sectors[rng.below(10)]) }
                    if s.count == 2 && s[0] == s[1] { s.removeLast() }
                    props.append(("sector", s))
                }
                if !isCompany && rng.unit() < 0.3 { props.append(("topics", ["gov.soe"])) }
                try emit(id(i), isCompany ? "Company" : "PublicBody", props)
            } else {
                try emit(id(i), "Vessel", [("name", ["MV \(SyntheticNetwork.companyWords[rng.below(25)]) \(i)"]), ("country", ["mt"])])
            }
        }
        // Ownership: assets are companies and vessels; owners come from earlier (higher) positions.
        var edgeOwners: [Int32] = []
        edgeOwners.reserveCapacity(n * 2)
        var freeFloat = [Float](repeating: 0, count: n)
        var tie = 0
        var stakeOwner: [Int32] = [], stakeAsset: [Int32] = []
        func ownership(_ owner: Int, _ asset: Int, _ share: Double?, start: String) throws {
            stakeOwner.append(Int32(owner))
            stakeAsset.append(Int32(asset))
            var props: [(String, [String])] = [("owner", [id(owner)]), ("asset", [id(asset)])]
            if let share { props.append(("percentage", [Share.format((share * 100).rounded(.down) / 100)])) }
            props.append(("startDate", [start]))
            try emit("own\(tie)", "Ownership", props)
            tie += 1
        }
        let firstAsset = persons
        for asset in firstAsset ..< n where asset < persons + companies || asset >= persons + companies + organizations {
            let owners = 1 + (rng.unit() < 0.5 ? 0 : rng.below(4))
            var chosen: [Int] = []
            for _ in 0 ..< owners {
                var o: Int
                if !edgeOwners.isEmpty && rng.unit() < 0.5 { o = Int(edgeOwners[rng.below(edgeOwners.count)]) }
                else {
                    // Mostly from just above (holding chains), sometimes from anywhere above.
                    let span = rng.unit() < 0.7 ? min(asset, max(persons, asset / 3)) : asset
                    o = asset - 1 - rng.below(span)
                }
                let isVessel = o >= persons + companies + organizations
                if o >= asset || chosen.contains(o) || isVessel { continue }
                chosen.append(o)
            }
            if chosen.isEmpty { chosen = [rng.below(min(asset, persons))] }
            // Split at most 100% among the owners; the rest is free float.
            var weights = chosen.map { _ in 0.2 + rng.unit() }
            let total = weights.reduce(0, +)
            let held = rng.unit() < 0.3 ? 60 + rng.unit() * 40 : 100
            weights = weights.map { $0 / total * held }
            freeFloat[asset] = Float(100 - held)
            let start = day(2000 + rng.below(22), rng.below(360))
            for (k, o) in chosen.enumerated() {
                try ownership(o, asset, rng.unit() < 0.05 ? nil : weights[k], start: start)
                edgeOwners.append(Int32(o))
            }
        }
        // Cross-holdings (about 1% of companies): a company a few levels below an asset takes
        // part of the asset's free float, closing an ownership cycle.
        let byOwner = CSRLayout(keys: stakeOwner, keyCount: n)
        let childOffsets = byOwner.offsets, children = byOwner.arrange(stakeAsset)
        let isCompany = { (i: Int) in i >= persons && i < persons + companies }
        var crossHoldings = 0, attempts = 0
        while crossHoldings < companies / 100 && attempts < companies / 5 {
            attempts += 1
            let a = persons + rng.below(companies)
            guard freeFloat[a] >= 2, childOffsets[a] < childOffsets[a + 1] else { continue }
            var b = a
            for _ in 0 ... rng.below(3) {
                let lo = Int(childOffsets[b]), hi = Int(childOffsets[b + 1])
                guard lo < hi else { break }
                b = Int(children[lo + rng.below(hi - lo)])
            }
            guard b != a, isCompany(b) else { continue }
            let share = Double(freeFloat[a]) * (0.2 + rng.unit() * 0.6)
            freeFloat[a] -= Float(share) + 0.01
            try ownership(b, a, share, start: day(2010 + rng.below(12), rng.below(360)))
            crossHoldings += 1
        }
        // Directorships (persons direct companies) and family ties among persons.
        for c in 0 ..< companies / 3 {
            let company = persons + rng.below(companies)
            try emit("dir\(c)", "Directorship", [("director", [id(rng.below(persons))]), ("organization", [id(company)]),
                                                 ("role", [rng.unit() < 0.5 ? "Director" : "Chairman"])])
        }
        for f in 0 ..< persons / 10 {
            let a = rng.below(persons), b = rng.below(persons)
            guard a != b else { continue }
            try emit("fam\(f)", "Family", [("person", [id(a)]), ("relative", [id(b)]),
                                           ("relationship", [["brother", "sister", "spouse", "son", "daughter"][rng.below(5)]])])
        }
        // Designations: about 3% of entities, persons and top-layer holdings more often.
        let authorities = [("us", "Office of Foreign Assets Control", "RUSSIA-EO14024"),
                           ("eu", "Council of the European Union", "Regulation (EU) 269/2014"),
                           ("gb", "Office of Financial Sanctions Implementation", "Russia")]
        var sanction = 0
        for i in 0 ..< n {
            let p = i < persons ? 0.08 : 0.02
            guard rng.unit() < p else { continue }
            let year = [2014, 2018, 2022, 2022, 2023, 2024][rng.below(6)]
            let listed = day(year, rng.below(360))
            for (k, auth) in authorities.enumerated() where k == 0 || rng.unit() < 0.6 {
                var props: [(String, [String])] = [("entity", [id(i)]), ("country", [auth.0]), ("authority", [auth.1]),
                                                   ("program", [auth.2]), ("listingDate", [listed]), ("startDate", [listed])]
                if rng.unit() < 0.1 { props.append(("endDate", [day(min(year + 1 + rng.below(3), 2025), rng.below(360))])) }
                try emit("sanc\(sanction)", "Sanction", props)
                sanction += 1
            }
        }
    }
}
