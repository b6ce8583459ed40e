export { factsOf, type HistoryLine, type RequestForFacts } from './request-facts.ts';
export { forgetComputed, refreshRequestFacts } from './refresh-request-facts.ts';
export { compareCommunes, communeComparisonSchema, epciAccounts, epciAccountsSchema, memberCommunes, type CommuneComparison } from './epci-comparison.ts';
export { communeIndicators, communeIndicatorsSchema, consoleIndicatorsQuerySchema, indicatorsQuerySchema, type CommuneIndicators, type IndicatorsQuery } from './commune-indicators.ts';
export { generateActivity } from './generate-activity.ts';
export {
  periodEnded,
  publishedEpciQualityReports,
  publishedQualityReports,
  publishEpciQualityReport,
  publishQualityReport,
  qualityCsv,
  qualityPeriodSchema,
  qualityReportSchema,
  withdrawEpciQualityReport,
  withdrawQualityReport,
} from './quality-report.ts';
export { communeHealth, communeHealthSchema, type CommuneHealth } from './commune-health.ts';
export { delayHistograms } from './delay-histograms.ts';
export { delayBucketOf, DELAY_BUCKETS } from './rollups.ts';
export { requestPlaces, type Places } from './request-places.ts';
