#pragma once

#include <QString>
#include <QStringList>

namespace kete::smart {

struct SmartConfiguration;

// Who signs in: a patient reading their own record, or a clinician choosing a patient.
enum class ScopeAudience
{
    Patient,
    Clinician
};

// The interactions Kete needs on a resource type.
enum class ScopeAccess
{
    Read,
    Search
};

// A set of OAuth scopes, SMART v1 (`patient/Observation.read`) or v2 (`patient/Observation.rs`),
// kept in the order given. Knows what it covers, so the app never asks for data the grant does
// not cover, and what a narrower grant left out, in plain words.
class ScopeSet
{
public:
    ScopeSet() = default;
    explicit ScopeSet(QStringList scopes);
    static ScopeSet parse(QStringView spaceSeparated);

    // The resource types Kete reads.
    static QStringList dataTypes();

    // What Kete asks for: v2 scopes when the server has `permission-v2`, else v1, plus
    // `launch/patient openid fhirUser offline_access` (clinicians: `user/` scopes, `openid
    // fhirUser offline_access`, and the patient picked in the EHR via `launch/patient`).
    static ScopeSet forSignIn(bool permissionV2, ScopeAudience audience);
    static ScopeSet forSignIn(const SmartConfiguration &configuration, ScopeAudience audience);

    const QStringList &scopes() const { return m_scopes; }
    QString toString() const { return m_scopes.join(QLatin1Char(' ')); }
    bool isEmpty() const { return m_scopes.isEmpty(); }
    bool contains(QStringView scope) const { return m_scopes.contains(scope); }

    // Whether some patient/ or user/ scope allows this interaction on this type (v1 `.read`,
    // `.*`, `*.read`; v2 permission letters, `*`; v2 `?param=` restrictions count as covering,
    // the server narrows the results).
    bool covers(QStringView resourceType, ScopeAccess access = ScopeAccess::Search) const;
    bool hasPatientLevelScope() const;
    bool allowsStayingSignedIn() const { return contains(u"offline_access"); }

    // What `requested` asked for and this grant does not cover, in plain words
    // ("lab results", "conditions", "staying signed in"); empty when nothing is missing.
    QStringList notGrantedFrom(const ScopeSet &requested) const;

    friend bool operator==(const ScopeSet &, const ScopeSet &) = default;

private:
    QStringList m_scopes;
};

// "lab results" for Observation, ... : the words the app uses for a resource type.
QString plainWordsFor(QStringView resourceType);

} // namespace kete::smart
