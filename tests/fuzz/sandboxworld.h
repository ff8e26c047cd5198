#pragma once

// The sandbox's records, token store and demo directory, made once per fuzzing process: the
// generated patients (a short history, so that a search stays quick) and an RSA key.
#include "sandbox/auth/accessgrant.h"
#include "sandbox/auth/tokenstore.h"
#include "sandbox/data/demodirectory.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/data/resourcestore.h"

#include <QTimeZone>
#include <QUrl>

namespace kete::fuzz {

struct SandboxWorld
{
    static inline const QUrl fhirBase{QStringLiteral("http://127.0.0.1:8080/fhir")};

    SandboxWorld()
        : directory(sandbox::PatientGenerator(generatorOptions()).generate(store))
    {}

    static sandbox::GeneratorOptions generatorOptions()
    {
        sandbox::GeneratorOptions options;
        options.largePatientObservations = 0;
        options.years = 1;
        return options;
    }

    // The demo accounts, without keeping the records.
    static sandbox::DemoDirectory demoDirectory()
    {
        sandbox::ResourceStore store;
        return sandbox::PatientGenerator(generatorOptions()).generate(store);
    }

    // A grant as the authorization server would make it for this server.
    static sandbox::AccessGrant grant(const QString &fhirUser, const QString &patientId,
                                      const QStringList &scopes)
    {
        sandbox::AccessGrant grant;
        grant.clientId = QStringLiteral("kete-desktop");
        grant.scopes = scopes;
        grant.patientId = patientId;
        grant.fhirUser = fhirUser;
        grant.audience = fhirBase.toString();
        return grant;
    }

    sandbox::ResourceStore store;
    sandbox::TokenStore tokens;
    sandbox::DemoDirectory directory;
};

} // namespace kete::fuzz
