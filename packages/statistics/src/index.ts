export { factsOf, gridCellOf, type HistoryLine, type RequestForFacts } from './request-facts.ts';
export { forgetComputed, refreshRequestFacts } from './refresh-request-facts.ts';
export { communeIndicators, communeIndicatorsSchema, indicatorsQuerySchema, type CommuneIndicators, type IndicatorsQuery } from './commune-indicators.ts';
