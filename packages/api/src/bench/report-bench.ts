import { runBench } from './harness';

// `pnpm bench:reports [students]`: every report query over the demo county's school year (the
// demo's activity is in 2024-2025), grouped per school and for the county, and two downloads.
const PERIOD = 'schoolYear: "2024-2025"';

void runBench(async (post, token) => {
  const { allCampaigns } = await post('{ allCampaigns(sortField: "startDate", sortOrder: "ASC", perPage: 1) { id } }', token);
  const campaign = allCampaigns[0].id;
  return [
    ['consolationReport (per central school)', `{ consolationReport(${PERIOD}) { rows { unitName students cashFen } total { cashFen } } }`],
    ['campaignCoverageReport (per school)', `{ campaignCoverageReport(campaignId: "${campaign}") { rows { unitName visitRate } total { visitRate } } }`],
    ['visitStatisticsReport (per school)', `{ visitStatisticsReport(${PERIOD}) { rows { unitName visitedRate inPersonShare suggestions } total { visitedRate } } }`],
    ['visitStatisticsReport (county, one semester)', `{ visitStatisticsReport(${PERIOD}, semester: FIRST, groupBy: COUNTY) { total { visitedRate } } }`],
    ['schoolAgeSurveyReport (per town)', '{ schoolAgeSurveyReport(asOf: "2025-03-14") { rows { unitName children inCounty } total { children } } }'],
    ['villageAgeReport (per village)', '{ villageAgeReport(asOf: "2025-03-14") { rows { unitName children age6 responsibleSchool } total { children } } }'],
    ['dropoutMonthlyReport (per month and category)', `{ dropoutMonthlyReport(${PERIOD}) { rows { month category opened } total { opened } } }`],
    ['dropoutStatusReport (per school)', `{ dropoutStatusReport(${PERIOD}) { rows { unitName cases } total { cases } } }`],
    ['assistanceReport (per school, category, source)', `{ assistanceReport(${PERIOD}) { rows { unitName category fundingSource totalFen } total { totalFen } } }`],
    ['complianceReport (per school)', `{ complianceReport(${PERIOD}, asOf: "2025-03-14") { rows { unitName belowVisits careGaps } total { belowVisits } } }`],
    ['complianceGaps (first 100 students)', `{ complianceGaps(${PERIOD}, asOf: "2025-03-14") { count items { student { name } school { name } rule gap } } }`],
    ['download visitStatisticsReport.xlsx', '/reports/visitStatisticsReport.xlsx?schoolYear=2024-2025'],
    ['download complianceReport.xlsx (with the list)', '/reports/complianceReport.xlsx?schoolYear=2024-2025&asOf=2025-03-14'],
  ];
}).catch((e) => {
  console.error(e);
  process.exit(1);
});
