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

// What the user chose for a sign-in, beyond who signs in.
struct ScopeChoice
{
    ScopeAudience audience = ScopeAudience::Patient;
    // Clinicians: ask `launch/patient`, so that the provider's own patient picker runs first
    // (patients always ask it: it names whose record the token reads).
    bool ehrPicksPatient = false;
    // After `invalid_scope`: ask only what Kete cannot do without (see essentialOnly below).
    bool essentialOnly = false;

    friend bool operator==(const ScopeChoice &, const ScopeChoice &) = default;
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
    // `launch/patient openid fhirUser offline_access` (clinicians: `user/` scopes and `openid
    // fhirUser offline_access`; `launch/patient` only when the EHR picks the patient).
    // essentialOnly keeps the patient's details, lab results, conditions and (patients)
    // `launch/patient`: without them Kete has nothing to show.
    static ScopeSet forSignIn(bool permissionV2, const ScopeChoice &choice);
    static ScopeSet forSignIn(bool permissionV2, ScopeAudience audience)
    {
        return forSignIn(permissionV2, ScopeChoice{audience});
    }
    static ScopeSet forSignIn(const SmartConfiguration &configuration, const ScopeChoice &choice);
    static ScopeSet forSignIn(const SmartConfiguration &configuration, ScopeAudience audience)
    {
        return forSignIn(configuration, ScopeChoice{audience});
    }

    // In plain words, what a sign-in with `choice.essentialOnly` leaves out of the full request.
    static QStringList leftOutByEssentialOnly(ScopeChoice choice);

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
