#include "connection/connection.h"

#include "record/patientrecord.h"
#include "smart/session.h"
#include "storage/providerstore.h"

namespace kete::connection {

Connection::Connection(ConnectionTarget target, std::shared_ptr<smart::Session> session,
                       QStringList notGranted, ProviderStore *rememberedIn, QObject *parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_session(std::move(session))
    , m_notGranted(std::move(notGranted))
    , m_store(rememberedIn)
{
    connect(m_session.get(), &smart::Session::tokensChanged, this, &Connection::tokensChanged);
    connect(m_session.get(), &smart::Session::signInRequired, this, &Connection::signInEnded);
    connect(m_session.get(), &smart::Session::rememberFailed, this, &Connection::rememberFailed);
}

Connection::~Connection()
{
    // The records hold the session too; they stop loading before it goes.
    m_records.clear();
    m_session->disconnect(this);
}

bool Connection::isSignedIn() const
{
    return m_session->isSignedIn();
}

bool Connection::isRemembered() const
{
    return m_store && !m_target.providerId.isEmpty();
}

bool Connection::mayRead(QStringView resourceType) const
{
    return m_session->tokens().grantedScope.covers(resourceType);
}

record::PatientRecord *Connection::openRecord(const QString &patientId)
{
    const auto mayRead = [session = m_session.get()](QStringView type) {
        return session->tokens().grantedScope.covers(type);
    };
    m_records.push_back(std::make_unique<record::PatientRecord>(
        m_session, m_session->configuration().fhirBase, patientId, mayRead));
    record::PatientRecord *record = m_records.back().get();
    Q_EMIT recordOpened(record);
    return record;
}

void Connection::closeRecord(record::PatientRecord *record)
{
    std::erase_if(m_records, [record](const auto &open) { return open.get() == record; });
}

QList<record::PatientRecord *> Connection::records() const
{
    QList<record::PatientRecord *> open;
    for (const auto &record : m_records)
        open.append(record.get());
    return open;
}

QStringList Connection::recentPatients() const
{
    if (!isRemembered())
        return {};
    const auto provider = m_store->provider(m_target.providerId);
    return provider ? provider->recentPatients : QStringList();
}

void Connection::addRecentPatient(const QString &patientId)
{
    if (isRemembered())
        m_store->addRecentPatient(m_target.providerId, patientId);
}

} // namespace kete::connection
