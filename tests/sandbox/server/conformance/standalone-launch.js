// Conformance check with an independent client: the SMART reference JavaScript client
// (npm "fhirclient") does a standalone launch against kete-sandbox --auto-approve and reads the
// patient's Observations. Usage: node standalone-launch.js <fhir-base-url> <node_modules dir>
// The browser's part (following redirects) is played by hand with node's http module.
"use strict";

const http = require("http");
const path = require("path");

const [fhirBase, modules] = process.argv.slice(2);
if (!fhirBase || !modules) {
    console.error("usage: node standalone-launch.js <fhir-base-url> <node_modules dir>");
    process.exit(2);
}
const smart = require(path.join(modules, "fhirclient/lib/entry/node"));

// fhirclient keeps its state between authorize() and ready() here (a server session would).
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

async function main() {
    let result = null;
    const app = http.createServer(async (req, res) => {
        try {
            const url = new URL(req.url, "http://127.0.0.1");
            if (url.pathname === "/launch") {
                await smart(req, res, storage).authorize({
                    iss: fhirBase,
                    clientId: "fhirclient-conformance",
                    scope: "launch/patient openid fhirUser patient/Patient.rs patient/Observation.rs",
                    redirectUri: `http://127.0.0.1:${app.address().port}/callback.html`,
                    pkceMode: "required",
                });
            } else if (url.pathname === "/callback.html") {
                const client = await smart(req, res, storage).ready();
                const patient = await client.patient.read();
                const observations = await client.request(
                    `Observation?patient=${client.patient.id}&_count=50`,
                    { pageLimit: 2, flat: true });
                result = { patientId: client.patient.id, patientType: patient.resourceType,
                           observations, state: client.state };
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

    // The "browser": launch -> authorize (auto-approved) -> callback with the code.
    const launch = await get(appBase + "/launch");
    if (launch.status !== 302 || !launch.location) fail(`launch answered ${launch.status}`);
    const authorizeUrl = new URL(launch.location);
    if (authorizeUrl.searchParams.get("code_challenge_method") !== "S256")
        fail("fhirclient did not use PKCE S256");
    const authorize = await get(authorizeUrl.href);
    if (authorize.status !== 302 || !authorize.location)
        fail(`authorize answered ${authorize.status}: ${authorize.body.slice(0, 200)}`);
    const callback = new URL(authorize.location);
    if (!callback.searchParams.get("code")) fail("no code in the redirect: " + callback.search);
    const done = await get(callback.href);
    app.close();

    if (!result) fail(`callback answered ${done.status} without a result`);
    if (result.error) fail(result.error);
    if (result.patientType !== "Patient") fail("the patient was not read");
    if (!Array.isArray(result.observations) || result.observations.length === 0)
        fail("no Observations");
    for (const observation of result.observations) {
        if (observation.resourceType !== "Observation") fail("not an Observation in the results");
        if (observation.subject.reference !== `Patient/${result.patientId}`)
            fail("an Observation of another patient");
    }
    if (!result.state.tokenResponse || !result.state.tokenResponse.access_token)
        fail("no access token");
    console.log(`OK: patient ${result.patientId}, ${result.observations.length} Observations ` +
                `over two pages, scope "${result.state.tokenResponse.scope}"`);
}

main().catch(error => fail(String(error && error.stack || error)));
