import { runBench } from './harness';

// `pnpm bench [students]`: loads a demo county of the given size into a scratch database and
// prints, for the queries the screens and analysts run most, the median time over the real HTTP
// server and the SQL statements each costs.
const QUERIES: Array<[string, string]> = [
  ['student list page (25, by name) + count', '{ allStudents(perPage: 25, sortField: "name") { id name gender birthDate schoolId classId } _allStudentsMeta { count } }'],
  ['filter focus category + count', '{ allStudents(perPage: 25, filter: { focusCategories: [LEFT_BEHIND] }) { id name } _allStudentsMeta(filter: { focusCategories: [LEFT_BEHIND] }) { count } }'],
  ['search q (name) + count', '{ allStudents(perPage: 25, filter: { q: "王小" }) { id name } _allStudentsMeta(filter: { q: "王小" }) { count } }'],
  ['filter birthDate range, sort birthDate', '{ allStudents(perPage: 25, sortField: "birthDate", filter: { birthDate_gte: "2015-01-01", birthDate_lt: "2016-01-01" }) { id } }'],
  ['100 students with school, class, head teacher, guardians', '{ allStudents(perPage: 100) { name school { name } class { name headTeacher { name } } guardians { phone } } }'],
  ['5 schools → classes → students → guardians', '{ allSchools(perPage: 5) { name classes { name students { name guardians { phone } } } } }'],
];

void runBench(async () => QUERIES).catch((e) => {
  console.error(e);
  process.exit(1);
});
