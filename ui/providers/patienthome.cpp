#include "providers/patienthome.h"

#include "common/result.h"
#include "connection/connection.h"
#include "fhir/recordloader.h"
#include "merge/identitycheck.h"
#include "merge/mergedrecord.h"
#include "providers/providerstrip.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "smart/session.h"

#include <QLocale>
#include <QVBoxLayout>

namespace kete::ui {

using connection::Connection;

QString providerStatusText(const Connection &connection, const record::PatientRecord *record)
{
    const QLocale locale;
    const QDateTime asOf = record ? record->dataAsOf() : QDateTime();
    const QString when =
        asOf.isValid() ? (asOf.date() == QDate::currentDate()
                              ? locale.toString(asOf.toLocalTime().time(), QLocale::ShortFormat)
                              : locale.toString(asOf.toLocalTime().date(), QLocale::ShortFormat))
                       : QString();
    if (!connection.isSignedIn() && !connection.isOffline())
        return when.isEmpty()
                   ? PatientHome::tr("Sign in again to update")
                   : PatientHome::tr("Sign in again to update · shown as of %1").arg(when);
    if (connection.isOffline())
        return connection.isSignInRefused()
                   ? PatientHome::tr("Sign in again to update · the copy from %1").arg(when)
                   : PatientHome::tr("Offline · the copy from %1").arg(when);
    if (!record || record->isLoading())
        return record ? record->statusText() : PatientHome::tr("Opening…");
    if (record->outcome() && record->outcome()->error)
        return PatientHome::tr("Could not load: %1").arg(record->outcome()->error->message);
    return when.isEmpty() ? record->statusText() : PatientHome::tr("Up to date · %1").arg(when);
}

PatientHome::PatientHome(Connection *first, QWidget *parent)
    : QWidget(parent)
    , m_strip(new ProviderStrip(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_strip);
    m_strip->hide(); // one provider: nothing to tell apart
    connect(m_strip, &ProviderStrip::shownChanged, this, &PatientHome::show);
    connect(m_strip, &ProviderStrip::keepApartRequested, this, [this] {
        m_keptApart = true;
        m_strip->setTogetherAllowed(false);
        m_strip->setIdentityWarning({});
        show(m_providers.isEmpty() ? QString()
                                   : m_providers.constFirst().connection->providerKey());
    });
    const auto forward = [this](auto signal) {
        return [this, signal](const QString &id) {
            if (Connection *connection = connectionWithKey(id))
                Q_EMIT(this->*signal)(connection);
        };
    };
    connect(m_strip, &ProviderStrip::refreshRequested, this,
            forward(&PatientHome::refreshRequested));
    connect(m_strip, &ProviderStrip::signInAgainRequested, this,
            forward(&PatientHome::signInAgainRequested));
    connect(m_strip, &ProviderStrip::removeRequested, this, forward(&PatientHome::removeRequested));
    m_providers.append({first, first->openRecord(first->session()->tokens().patient)});
    watch(m_providers.constLast());
    updateView();
}

PatientHome::~PatientHome()
{
    // The view reads the records' models: it goes first.
    delete m_view;
}

void PatientHome::start()
{
    for (const Provider &provider : std::as_const(m_providers)) {
        if (provider.record && !provider.record->isLoading() && !provider.record->outcome())
            provider.connection->loadRecord(provider.record);
    }
}

void PatientHome::addProvider(Connection *connection)
{
    if (connectionWithKey(connection->providerKey()))
        return;
    m_providers.append(
        {connection, connection->openRecord(connection->session()->tokens().patient)});
    watch(m_providers.constLast());
    if (!m_together)
        m_together = std::make_unique<merge::MergedRecord>();
    for (const Provider &provider : std::as_const(m_providers)) {
        if (!m_together->sourceIds().contains(provider.connection->providerKey()))
            m_together->addSource(provider.connection->providerKey(),
                                  provider.connection->target().displayName, provider.record);
    }
    updateView();
    connection->loadRecord(m_providers.constLast().record);
}

void PatientHome::removeProvider(Connection *connection)
{
    const auto gone =
        std::find_if(m_providers.begin(), m_providers.end(),
                     [connection](const Provider &p) { return p.connection == connection; });
    if (gone == m_providers.end())
        return;
    const Provider provider = *gone;
    m_providers.erase(gone);
    m_strip->removeLine(connection->providerKey());
    if (m_shownKey == connection->providerKey())
        m_shownKey.clear();
    if (m_together)
        m_together->removeSource(connection->providerKey());
    updateView();
    if (m_providers.size() < 2) // nothing left to put together: the view went to the one left
        m_together.reset();
    checkIdentity();
    disconnect(connection, nullptr, this, nullptr);
    if (provider.record)
        disconnect(provider.record, nullptr, this, nullptr);
}

QList<Connection *> PatientHome::connections() const
{
    QList<Connection *> open;
    for (const Provider &provider : m_providers) {
        if (provider.connection)
            open.append(provider.connection);
    }
    return open;
}

record::PatientRecord *PatientHome::recordOf(const Connection *connection) const
{
    for (const Provider &provider : m_providers) {
        if (provider.connection == connection)
            return provider.record;
    }
    return nullptr;
}

Connection *PatientHome::connectionWithKey(const QString &providerKey) const
{
    for (const Provider &provider : m_providers) {
        if (provider.connection && provider.connection->providerKey() == providerKey)
            return provider.connection;
    }
    return nullptr;
}

record::ShownRecord *PatientHome::shownRecord() const
{
    if (m_providers.size() == 1 || !m_shownKey.isEmpty())
        return recordOf(m_providers.size() == 1 ? m_providers.constFirst().connection.data()
                                                : connectionWithKey(m_shownKey));
    if (m_keptApart || !m_together)
        return m_providers.isEmpty() ? nullptr : m_providers.constFirst().record.data();
    return m_together.get();
}

void PatientHome::show(const QString &providerKey)
{
    if (providerKey.isEmpty() && m_keptApart)
        return;
    m_shownKey = providerKey;
    m_strip->setShown(providerKey);
    updateView();
}

void PatientHome::setCompact(bool compact)
{
    m_compact = compact;
    if (m_view)
        m_view->setCompact(compact);
}

void PatientHome::watch(const Provider &provider)
{
    Connection *connection = provider.connection;
    record::PatientRecord *record = provider.record;
    const auto update = [this, connection] {
        for (const Provider &p : std::as_const(m_providers)) {
            if (p.connection == connection)
                updateLine(p);
        }
        Q_EMIT changed();
    };
    connect(record, &record::PatientRecord::patientChanged, this, [this, update] {
        update();
        checkIdentity();
    });
    connect(record, &record::PatientRecord::progressChanged, this, update);
    connect(record, &record::PatientRecord::loaded, this,
            [this, update, record](const fhir::RecordOutcome &outcome) {
                update();
                if (shownRecord() == record)
                    Q_EMIT loaded(outcome);
            });
    connect(connection, &Connection::tokensChanged, this, update);
    connect(connection, &Connection::resumed, this, update);
    connect(connection, &Connection::stillOffline, this, update);
    connect(connection, &Connection::signInEnded, this, [this, connection, update] {
        update();
        Q_EMIT signInEnded(connection);
    });
    connect(connection, &Connection::rememberFailed, this, &PatientHome::problem);
    updateLine(provider);
}

void PatientHome::updateLine(const Provider &provider)
{
    if (!provider.connection)
        return;
    const Connection &connection = *provider.connection;
    QString patient;
    if (provider.record && provider.record->hasPatient()) {
        const fhir::Patient &who = provider.record->patient();
        patient = who.birthDate.isValid()
                      ? tr("%1 · born %2")
                            .arg(who.displayName(), who.birthDate.toDisplayString(QLocale()))
                      : who.displayName();
    }
    m_strip->setLine(
        {connection.providerKey(), connection.target().displayName, patient,
         providerStatusText(connection, provider.record),
         !connection.isSignedIn() && (!connection.isOffline() || connection.isSignInRefused()),
         provider.record && provider.record->isLoading()});
}

void PatientHome::updateView()
{
    m_strip->setVisible(m_providers.size() > 1);
    record::ShownRecord *record = shownRecord();
    if (m_view && m_view->record() == record)
        return;
    showRecord(record, m_providers.size() == 1 ? m_providers.constFirst().connection.data()
                                               : connectionWithKey(m_shownKey));
}

void PatientHome::showRecord(record::ShownRecord *record, Connection *keptIn)
{
    const RecordView::Section section =
        m_view ? m_view->currentSection() : RecordView::SummarySection;
    delete m_view;
    if (!record)
        return;
    m_view = new RecordView(record, this);
    // Pins are kept per provider; a record put together keeps them as long as the view.
    if (keptIn)
        m_view->keepPinsIn(keptIn->keptSettings());
    m_view->showSection(section);
    m_view->setCompact(m_compact);
    layout()->addWidget(m_view);
    Q_EMIT changed();
}

void PatientHome::checkIdentity()
{
    QList<merge::SourcePatient> patients;
    for (const Provider &provider : std::as_const(m_providers)) {
        if (provider.record && provider.record->hasPatient())
            patients.append({provider.connection->providerKey(),
                             provider.connection->target().displayName,
                             provider.record->patient()});
    }
    const merge::IdentityCheck check = merge::checkIdentity(patients);
    m_strip->setIdentityWarning(m_keptApart ? QString() : check.message());
}

} // namespace kete::ui
