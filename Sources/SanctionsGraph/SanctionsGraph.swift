@_exported import GraphCore
@_exported import SanctionsModel
@_exported import GraphIO
@_exported import GraphAlgorithms
@_exported import SanctionsRules
@_exported import GraphvizBinding
@_exported import SanctionsDiagrams
