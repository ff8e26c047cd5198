#pragma once

#include <QPointer>
#include <QWidget>
#include <memory>

namespace kete {
struct Error;
namespace connection {
class Connection;
}
namespace fhir {
struct RecordOutcome;
}
namespace merge {
class MergedRecord;
}
namespace record {
class PatientRecord;
class ShownRecord;
} // namespace record
} // namespace kete

namespace kete::ui {

class ProviderStrip;
class RecordView;

// A patient's own record from every provider they are signed in to. One provider: its record,
// as ever. Several: a line per provider (ProviderStrip: where each stands, Refresh, Sign in
// again, Remove) above one record put together from all of them (merge::MergedRecord), every
// value naming where it came from; or, when the user keeps them apart, one provider's at a time.
// The connections are ConnectionManager's; this opens and shows their records.
//
//   PatientHome home(first);   home.start();       // the first provider's record loads
//   home.addProvider(second);                      // its record loads and joins the view
//   home.removeProvider(second);                   // its values leave the view
class PatientHome final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PatientHome)

public:
    // `first` outlives the view (as every connection added later).
    explicit PatientHome(connection::Connection *first, QWidget *parent = nullptr);
    ~PatientHome() override;

    void start();
    void addProvider(connection::Connection *connection);
    void removeProvider(connection::Connection *connection);
    QList<connection::Connection *> connections() const;
    record::PatientRecord *recordOf(const connection::Connection *connection) const;
    // The connection to that provider (Connection::providerKey), or nullptr.
    connection::Connection *connectionWithKey(const QString &providerKey) const;
    // What the record view shows: one provider's record, or all of them put together.
    record::ShownRecord *shownRecord() const;
    // The providers' records put together (while there are several), else nullptr.
    merge::MergedRecord *together() const { return m_together.get(); }
    RecordView *recordView() const { return m_view; }
    ProviderStrip *strip() const { return m_strip; }
    // Shows the record of one provider (empty: all together, unless kept apart).
    void show(const QString &providerKey);
    // Compact rows (RecordView::setCompact), kept when the view changes.
    void setCompact(bool compact);

Q_SIGNALS:
    void changed();
    // The record on screen has finished loading (all of it, when put together).
    void loaded(const kete::fhir::RecordOutcome &outcome);
    void signInEnded(kete::connection::Connection *connection);
    void problem(const kete::Error &error);
    void refreshRequested(kete::connection::Connection *connection);
    void signInAgainRequested(kete::connection::Connection *connection);
    void removeRequested(kete::connection::Connection *connection);

private:
    struct Provider
    {
        QPointer<connection::Connection> connection;
        QPointer<record::PatientRecord> record;
    };
    void watch(const Provider &provider);
    void showRecord(record::ShownRecord *record, connection::Connection *keptIn);
    void updateLine(const Provider &provider);
    void updateView();
    void checkIdentity();

    ProviderStrip *m_strip;
    QList<Provider> m_providers;
    std::unique_ptr<merge::MergedRecord> m_together;
    QPointer<RecordView> m_view;
    QString m_shownKey; // empty: all together
    bool m_keptApart = false;
    bool m_compact = false;
};

// Where one provider's part of the record stands, in a few words: "Up to date · 21:14",
// "Loading… 3 pages, 412 results", "Offline · from 6 Dec", "Sign in again to update".
QString providerStatusText(const connection::Connection &connection,
                           const record::PatientRecord *record);

} // namespace kete::ui
