'use strict';
// Writes the figures `npm test`'s closing summary reads (scripts/test.sh) to $JEST_SUMMARY_FILE.
// jest's own --json output is lost altogether when one failure carries an object it cannot
// serialise (an axios error holds its socket, which points back to it): the summary then knew only
// that the tier failed, not which tests. Here only counts, names, titles and times are written.
const fs = require('node:fs');

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const file = process.env.JEST_SUMMARY_FILE;
		if (!file) return;
		const summary = {
			numPassedTests: results.numPassedTests,
			numFailedTests: results.numFailedTests,
			numPendingTests: results.numPendingTests,
			numTodoTests: results.numTodoTests,
			numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
			testResults: results.testResults.map((suite) => ({
				name: suite.testFilePath,
				startTime: suite.perfStats.start,
				endTime: suite.perfStats.end,
				failureMessage: suite.testExecError ? String(suite.testExecError.message) : undefined,
				assertionResults: suite.testResults.map((test) => ({
					title: test.title,
					fullName: test.fullName,
					status: test.status,
					duration: test.duration,
				})),
			})),
		};
		fs.writeFileSync(file, JSON.stringify(summary, null, 1));
	}
}

module.exports = SummaryReporter;
