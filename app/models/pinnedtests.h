#pragma once

#include <QObject>
#include <QSettings>
#include <QStringList>
#include <memory>

namespace kete::fhir {
struct Observation;
}

namespace kete::models {

// The lab tests a patient (or a clinician, for a patient) pinned to the Summary, kept in
// QSettings per provider and patient. Only LOINC codes are kept ("2345-7"), never a value, a
// name or the patient's id in clear: the settings key is a hash of provider and patient.
class PinnedTests final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PinnedTests)

public:
    // `settings` outlives this (the app's, or an ini file in tests); nullptr: the pins last as
    // long as this object and nothing is written (the demo, which is not remembered).
    // `provider` names the connection (its FHIR base), `patientId` the patient.
    PinnedTests(QSettings *settings, const QString &provider, const QString &patientId,
                QObject *parent = nullptr);
    ~PinnedTests() override;

    // The code a test is pinned by: its LOINC code, one code for every blood pressure; empty
    // when it has none (such a test cannot be pinned).
    static QString codeFor(const fhir::Observation &observation);

    QStringList codes() const { return m_codes; }
    bool isPinned(const QString &code) const { return m_codes.contains(code); }
    // Pins or unpins `code` (ignored when empty), saved at once.
    void setPinned(const QString &code, bool pinned);

Q_SIGNALS:
    void changed();

private:
    QSettings *m_settings;
    QString m_key;
    QStringList m_codes;
};

} // namespace kete::models
