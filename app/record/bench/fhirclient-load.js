// The reference for kete-record-bench --compare-fhirclient: the SMART reference JavaScript
// client (npm "fhirclient") signs in to the same server (standalone launch, auto-approved) and
// loads the same record as Kete: the Patient, lab Observations, blood pressure, Conditions and
// lab DiagnosticReports, all at once (Promise.all), each search followed through every page
// (pageLimit: 0). Prints one JSON line: {"ms", "pages", "resources", "bytes"}, where ms runs
// from the access token to the last page.
// Usage: node fhirclient-load.js <fhir-base-url> <node_modules dir> <patient id>
"use strict";

const http = require("http");
const path = require("path");

const [fhirBase, modules, patientId] = process.argv.slice(2);
if (!fhirBase || !modules || !patientId) {
    console.error("usage: node fhirclient-load.js <fhir-base-url> <node_modules dir> <patient>");
    process.exit(2);
}
const smart = require(path.join(modules, "fhirclient/lib/entry/node"));

const memory = new Map();
const storage = {
    get: async key => memory.get(key),
    set: async (key, value) => { memory.set(key, value); return value; },
    unset: async key => memory.delete(key),
};

function fail(message) {
    console.error("FAIL: " + message);
    process.exit(1);
}

function get(url) {
    return new Promise((resolve, reject) => {
        http.get(url, response => {
            let body = "";
            response.setEncoding("utf8");
            response.on("data", chunk => { body += chunk; });
            response.on("end", () => resolve({ status: response.statusCode,
                                               location: response.headers.location, body }));
        }).on("error", reject);
    });
}

// The searches Kete's RecordLoader sends (sandbox: newest first, 100 a page).
function searches(patient) {
    const loinc = "http%3A%2F%2Floinc.org%7C";
    return [
        `Observation?patient=${patient}&category=laboratory&_sort=-date&_count=100`,
        `Observation?patient=${patient}&category=vital-signs&code=${loinc}85354-9,${loinc}55284-4` +
            `&_sort=-date&_count=100`,
        `Condition?patient=${patient}&_sort=-onset-date&_count=100`,
        `DiagnosticReport?patient=${patient}&category=LAB&_sort=-date&_count=100`,
    ];
}

async function load(client) {
    let pages = 0;
    let resources = 0;
    const started = process.hrtime.bigint();
    const patient = client.request(`Patient/${client.patient.id}`).then(() => {
        pages += 1;
        resources += 1;
    });
    const all = searches(client.patient.id).map(url => client.request(url, {
        pageLimit: 0,
        onPage: bundle => {
            pages += 1;
            resources += (bundle.entry || []).length;
        },
    }));
    await Promise.all([patient, ...all]);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return { ms, pages, resources };
}

async function main() {
    let result = null;
    const app = http.createServer(async (req, res) => {
        try {
            const url = new URL(req.url, "http://127.0.0.1");
            if (url.pathname === "/launch") {
                await smart(req, res, storage).authorize({
                    iss: fhirBase,
                    clientId: "fhirclient-conformance",
                    scope: "launch/patient openid fhirUser patient/Patient.rs " +
                           "patient/Observation.rs patient/Condition.rs patient/DiagnosticReport.rs",
                    redirectUri: `http://127.0.0.1:${app.address().port}/callback.html`,
                    pkceMode: "required",
                });
            } else if (url.pathname === "/callback.html") {
                const client = await smart(req, res, storage).ready();
                if (client.patient.id !== patientId)
                    throw new Error(`signed in as ${client.patient.id}, not ${patientId}`);
                result = await load(client);
                res.writeHead(200, { "content-type": "text/plain" });
                res.end("ok");
            } else {
                res.writeHead(404);
                res.end();
            }
        } catch (error) {
            result = { error: String(error && error.stack || error) };
            res.writeHead(500);
            res.end();
        }
    });
    await new Promise(resolve => app.listen(0, "127.0.0.1", resolve));
    const appBase = `http://127.0.0.1:${app.address().port}`;

    const launch = await get(appBase + "/launch");
    if (launch.status !== 302 || !launch.location) fail(`launch answered ${launch.status}`);
    const authorize = await get(launch.location);
    if (authorize.status !== 302 || !authorize.location)
        fail(`authorize answered ${authorize.status}: ${authorize.body.slice(0, 200)}`);
    await get(authorize.location);
    app.close();
    if (!result) fail("no result");
    if (result.error) fail(result.error);
    console.log(JSON.stringify(result));
}

main().catch(error => fail(String(error && error.stack || error)));
