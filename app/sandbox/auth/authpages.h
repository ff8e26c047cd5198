#pragma once

#include "sandbox/data/demodirectory.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The authorization server's pages: self-contained HTML (inline CSS, no script, no external
// assets) in plain words, with stable element ids for tests and automation:
//   sign-in:  form#sign-in-form, input#username, input#password, button#sign-in
//   picker:   input[name=patient] (radio), button#continue
//   consent:  input[name=scope] (checkbox, one per requested scope), button#approve, button#deny
// Every form posts the hidden `transaction` field plus the user's choices, nothing else.
namespace kete::sandbox::pages {

struct ConsentItem
{
    QString scope;
    QString description; // "Read your lab results"
};

// What a scope lets the app do, in words for the person signing in. A patient is only ever
// offered their own record (their user/ scopes reach no further); a clinician reads "the chosen
// patient's" for patient/ scopes and "every patient's" for user/ ones.
QString describeScope(const QString &scope, bool forClinician);

QByteArray signIn(const QString &clientName, const QString &formAction,
                  const QString &transactionId, const DemoDirectory &directory,
                  const QString &problem);
QByteArray patientPicker(const QString &clientName, const QString &formAction,
                         const QString &transactionId, const QList<DemoPatient> &patients);
QByteArray consent(const QString &clientName, const QString &formAction,
                   const QString &transactionId, const QString &userName,
                   const QList<ConsentItem> &items);
// The management_endpoint: where a real EHR lists the apps a patient allowed and lets them
// revoke each. The sandbox's says what such a page is for and how Kete's access ends here.
QByteArray manageAccess();
// A request that cannot be answered with a redirect (unknown client, unregistered redirect URI,
// expired form): shown in the browser, never sent anywhere.
QByteArray error(const QString &oauthError, const QString &explanation);

} // namespace kete::sandbox::pages
