#include "models/pinnedtests.h"

#include "fhir/observation.h"

#include <QCryptographicHash>

namespace kete::models {

PinnedTests::PinnedTests(QSettings *settings, const QString &provider, const QString &patientId,
                         QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    const QByteArray scope = (provider + QLatin1Char('\n') + patientId).toUtf8();
    m_key = QStringLiteral("pinnedTests/") +
            QString::fromLatin1(
                QCryptographicHash::hash(scope, QCryptographicHash::Sha256).toHex().left(32));
    if (m_settings)
        m_codes = m_settings->value(m_key).toStringList();
}

PinnedTests::~PinnedTests() = default;

QString PinnedTests::codeFor(const fhir::Observation &observation)
{
    if (fhir::isBloodPressure(observation))
        return QString(fhir::kLoincBloodPressurePanel);
    return observation.loincCode();
}

void PinnedTests::setPinned(const QString &code, bool pinned)
{
    if (code.isEmpty() || pinned == isPinned(code))
        return;
    if (pinned)
        m_codes.append(code);
    else
        m_codes.removeAll(code);
    if (m_settings) {
        if (m_codes.isEmpty())
            m_settings->remove(m_key);
        else
            m_settings->setValue(m_key, m_codes);
        m_settings->sync();
    }
    Q_EMIT changed();
}

} // namespace kete::models
