@_exported import GraphCore
@_exported import SanctionsModel
@_exported import GraphIO
