#include "offline/recordcodec.h"

#include "common/crypto.h"
#include "offline/inparts.h"
#include "offline/valuereader.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QHash>
#include <QIODevice>
#include <algorithm>
#include <atomic>
#include <type_traits>

namespace kete::offline {

namespace {

using namespace kete::fhir;

const QString kPatientType = QStringLiteral("Patient");
const QString kObservationType = QStringLiteral("Observation");
const QString kConditionType = QStringLiteral("Condition");
const QString kReportType = QStringLiteral("DiagnosticReport");

// The kind byte after the format number.
enum class Kind : quint8
{
    Patient = 1,
    Observation = 2,
    Condition = 3,
    DiagnosticReport = 4
};

constexpr Kind kindOf(const Patient *)
{
    return Kind::Patient;
}
constexpr Kind kindOf(const Observation *)
{
    return Kind::Observation;
}
constexpr Kind kindOf(const Condition *)
{
    return Kind::Condition;
}
constexpr Kind kindOf(const DiagnosticReport *)
{
    return Kind::DiagnosticReport;
}

// Every value written and read, declared first: the list and optional templates below call them.
void put(QDataStream &out, const QString &v);
void get(ValueReader &in, QString &v);
void put(QDataStream &out, const QDateTime &v);
void get(ValueReader &in, QDateTime &v);
void put(QDataStream &out, const FhirDateTime &v);
void get(ValueReader &in, FhirDateTime &v);
void put(QDataStream &out, const double &v);
void get(ValueReader &in, double &v);
void put(QDataStream &out, const Coding &v);
void get(ValueReader &in, Coding &v);
void put(QDataStream &out, const CodeableConcept &v);
void get(ValueReader &in, CodeableConcept &v);
void put(QDataStream &out, const Quantity &v);
void get(ValueReader &in, Quantity &v);
void put(QDataStream &out, const Range &v);
void get(ValueReader &in, Range &v);
void put(QDataStream &out, const Ratio &v);
void get(ValueReader &in, Ratio &v);
void put(QDataStream &out, const ObservationValue &v);
void get(ValueReader &in, ObservationValue &v);
void put(QDataStream &out, const ReferenceRange &v);
void get(ValueReader &in, ReferenceRange &v);
void put(QDataStream &out, const ObservationComponent &v);
void get(ValueReader &in, ObservationComponent &v);
void put(QDataStream &out, const Observation &v);
void get(ValueReader &in, Observation &v);
void put(QDataStream &out, const Identifier &v);
void get(ValueReader &in, Identifier &v);
void put(QDataStream &out, const HumanName &v);
void get(ValueReader &in, HumanName &v);
void put(QDataStream &out, const Patient &v);
void get(ValueReader &in, Patient &v);
void put(QDataStream &out, const ConditionTime &v);
void get(ValueReader &in, ConditionTime &v);
void put(QDataStream &out, const Condition &v);
void get(ValueReader &in, Condition &v);
void put(QDataStream &out, const DiagnosticReport &v);
void get(ValueReader &in, DiagnosticReport &v);

void corrupt(ValueReader &in)
{
    in.setCorrupt();
}

// Enums as their number; on reading, a number outside [0, last] is corrupt data.
template<typename Enum> void putEnum(QDataStream &out, Enum value)
{
    out << qint32(value);
}
template<typename Enum> void getEnum(ValueReader &in, Enum &value, Enum last)
{
    qint32 n = 0;
    in >> n;
    if (n < 0 || n > qint32(last))
        return corrupt(in);
    value = Enum(n);
}

void put(QDataStream &out, const QString &v)
{
    out << v;
}
void get(ValueReader &in, QString &v)
{
    in >> v;
}
void put(QDataStream &out, const QDateTime &v)
{
    out << v;
}
void get(ValueReader &in, QDateTime &v)
{
    in >> v;
}

void put(QDataStream &out, const FhirDateTime &v)
{
    putEnum(out, v.precision());
    out << v.toDateTime();
}
void get(ValueReader &in, FhirDateTime &v)
{
    FhirDateTime::Precision precision = FhirDateTime::Precision::Invalid;
    getEnum(in, precision, FhirDateTime::Precision::Time);
    QDateTime start;
    in >> start;
    v = FhirDateTime::fromParts(start, precision);
    if (v.precision() != precision)
        corrupt(in); // a precision without a valid start
}

// Lists: a count, then the elements. Every element takes at least one byte, so a count beyond
// what is left is corrupt; and garbage never reserves much.
template<typename T> void put(QDataStream &out, const QList<T> &list)
{
    out << quint32(list.size());
    for (const T &item : list)
        put(out, item);
}
template<typename T> void get(ValueReader &in, QList<T> &list)
{
    quint32 count = 0;
    in >> count;
    if (in.status() != ValueReader::Ok || count > quint64(in.bytesLeft()))
        return corrupt(in);
    list.clear();
    list.reserve(qMin(count, quint32(1024)));
    for (quint32 i = 0; i < count && in.status() == ValueReader::Ok; ++i)
        get(in, list.emplace_back());
}

template<typename T> void put(QDataStream &out, const std::optional<T> &v)
{
    out << quint8(v.has_value());
    if (v)
        put(out, *v);
}
template<typename T> void get(ValueReader &in, std::optional<T> &v)
{
    quint8 present = 0;
    in >> present;
    v.reset();
    if (present > 1)
        return corrupt(in);
    if (present)
        get(in, v.emplace());
}

void put(QDataStream &out, const Coding &v)
{
    put(out, v.system);
    put(out, v.code);
    put(out, v.display);
}
void get(ValueReader &in, Coding &v)
{
    get(in, v.system);
    get(in, v.code);
    get(in, v.display);
}

void put(QDataStream &out, const CodeableConcept &v)
{
    put(out, v.codings);
    put(out, v.text);
}
void get(ValueReader &in, CodeableConcept &v)
{
    get(in, v.codings);
    get(in, v.text);
}

void put(QDataStream &out, const double &v)
{
    out << v;
}
void get(ValueReader &in, double &v)
{
    in >> v;
}

void put(QDataStream &out, const Quantity &v)
{
    put(out, v.value);
    putEnum(out, v.comparator);
    put(out, v.unit);
    put(out, v.system);
    put(out, v.code);
}
void get(ValueReader &in, Quantity &v)
{
    get(in, v.value);
    getEnum(in, v.comparator, Comparator::Greater);
    get(in, v.unit);
    get(in, v.system);
    get(in, v.code);
}

void put(QDataStream &out, const Range &v)
{
    put(out, v.low);
    put(out, v.high);
}
void get(ValueReader &in, Range &v)
{
    get(in, v.low);
    get(in, v.high);
}

void put(QDataStream &out, const Ratio &v)
{
    put(out, v.numerator);
    put(out, v.denominator);
}
void get(ValueReader &in, Ratio &v)
{
    get(in, v.numerator);
    get(in, v.denominator);
}

// Range and Ratio values are shared and immutable: present or not, then the value.
template<typename T> void putShared(QDataStream &out, const std::shared_ptr<const T> &v)
{
    out << quint8(bool(v));
    if (v)
        put(out, *v);
}
template<typename T> void getShared(ValueReader &in, std::shared_ptr<const T> &v)
{
    std::optional<T> value;
    get(in, value);
    v = value ? std::make_shared<const T>(std::move(*value)) : nullptr;
}

void put(QDataStream &out, const ObservationValue &v)
{
    putEnum(out, v.kind);
    put(out, v.quantity);
    put(out, v.string);
    put(out, v.codeableConcept);
    out << v.boolean << qint64(v.integer);
    putShared(out, v.rangeValue);
    putShared(out, v.ratioValue);
}
void get(ValueReader &in, ObservationValue &v)
{
    getEnum(in, v.kind, ObservationValue::Kind::Ratio);
    get(in, v.quantity);
    get(in, v.string);
    get(in, v.codeableConcept);
    qint64 integer = 0;
    in >> v.boolean >> integer;
    v.integer = integer;
    getShared(in, v.rangeValue);
    getShared(in, v.ratioValue);
}

void put(QDataStream &out, const ReferenceRange &v)
{
    put(out, v.low);
    put(out, v.high);
    put(out, v.type);
    put(out, v.appliesTo);
    put(out, v.age);
    put(out, v.text);
}
void get(ValueReader &in, ReferenceRange &v)
{
    get(in, v.low);
    get(in, v.high);
    get(in, v.type);
    get(in, v.appliesTo);
    get(in, v.age);
    get(in, v.text);
}

void put(QDataStream &out, const ObservationComponent &v)
{
    put(out, v.code);
    put(out, v.value);
    put(out, v.dataAbsentReason);
    put(out, v.interpretation);
    put(out, v.referenceRanges);
}
void get(ValueReader &in, ObservationComponent &v)
{
    get(in, v.code);
    get(in, v.value);
    get(in, v.dataAbsentReason);
    get(in, v.interpretation);
    get(in, v.referenceRanges);
}

void put(QDataStream &out, const Observation &v)
{
    put(out, v.id);
    putEnum(out, v.status);
    put(out, v.categories);
    put(out, v.code);
    put(out, v.effective);
    put(out, v.effectiveEnd);
    put(out, v.issued);
    put(out, v.value);
    put(out, v.dataAbsentReason);
    put(out, v.components);
    put(out, v.referenceRanges);
    put(out, v.interpretation);
    put(out, v.performers);
    put(out, v.notes);
    put(out, v.memberIds);
}
void get(ValueReader &in, Observation &v)
{
    get(in, v.id);
    getEnum(in, v.status, ObservationStatus::EnteredInError);
    get(in, v.categories);
    get(in, v.code);
    get(in, v.effective);
    get(in, v.effectiveEnd);
    get(in, v.issued);
    get(in, v.value);
    get(in, v.dataAbsentReason);
    get(in, v.components);
    get(in, v.referenceRanges);
    get(in, v.interpretation);
    get(in, v.performers);
    get(in, v.notes);
    get(in, v.memberIds);
}

void put(QDataStream &out, const Identifier &v)
{
    put(out, v.system);
    put(out, v.value);
    put(out, v.type);
}
void get(ValueReader &in, Identifier &v)
{
    get(in, v.system);
    get(in, v.value);
    get(in, v.type);
}

void put(QDataStream &out, const HumanName &v)
{
    put(out, v.use);
    put(out, v.text);
    put(out, v.family);
    put(out, v.given);
    put(out, v.prefix);
    put(out, v.suffix);
}
void get(ValueReader &in, HumanName &v)
{
    get(in, v.use);
    get(in, v.text);
    get(in, v.family);
    get(in, v.given);
    get(in, v.prefix);
    get(in, v.suffix);
}

void put(QDataStream &out, const Patient &v)
{
    put(out, v.id);
    put(out, v.names);
    put(out, v.birthDate);
    put(out, v.deceased);
    putEnum(out, v.sex);
    put(out, v.identifiers);
}
void get(ValueReader &in, Patient &v)
{
    get(in, v.id);
    get(in, v.names);
    get(in, v.birthDate);
    get(in, v.deceased);
    getEnum(in, v.sex, Sex::Other);
    get(in, v.identifiers);
}

void put(QDataStream &out, const ConditionTime &v)
{
    putEnum(out, v.kind);
    put(out, v.start);
    put(out, v.end);
    put(out, v.age);
    put(out, v.ageHigh);
    put(out, v.text);
    out << v.boolean;
}
void get(ValueReader &in, ConditionTime &v)
{
    getEnum(in, v.kind, ConditionTime::Kind::String);
    get(in, v.start);
    get(in, v.end);
    get(in, v.age);
    get(in, v.ageHigh);
    get(in, v.text);
    in >> v.boolean;
}

void put(QDataStream &out, const Condition &v)
{
    put(out, v.id);
    put(out, v.code);
    putEnum(out, v.clinicalStatus);
    putEnum(out, v.verificationStatus);
    put(out, v.categoryConcepts);
    putEnum(out, v.category);
    put(out, v.severity);
    put(out, v.onset);
    put(out, v.abatement);
    put(out, v.recordedDate);
    put(out, v.notes);
}
void get(ValueReader &in, Condition &v)
{
    get(in, v.id);
    get(in, v.code);
    getEnum(in, v.clinicalStatus, ClinicalStatus::Resolved);
    getEnum(in, v.verificationStatus, VerificationStatus::EnteredInError);
    get(in, v.categoryConcepts);
    getEnum(in, v.category, ConditionCategory::Other);
    get(in, v.severity);
    get(in, v.onset);
    get(in, v.abatement);
    get(in, v.recordedDate);
    get(in, v.notes);
}

void put(QDataStream &out, const DiagnosticReport &v)
{
    put(out, v.id);
    put(out, v.status);
    put(out, v.categories);
    put(out, v.code);
    put(out, v.effective);
    put(out, v.issued);
    put(out, v.resultIds);
    put(out, v.conclusion);
    put(out, v.presentedText);
}
void get(ValueReader &in, DiagnosticReport &v)
{
    get(in, v.id);
    get(in, v.status);
    get(in, v.categories);
    get(in, v.code);
    get(in, v.effective);
    get(in, v.issued);
    get(in, v.resultIds);
    get(in, v.conclusion);
    if (in.version() >= 2)
        get(in, v.presentedText);
}

template<typename Resource>
QByteArray encodeResource(const Resource &value, const record::Provenance &provenance,
                          quint32 position)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kRecordFormat << quint8(kindOf(&value)) << position;
    put(out, provenance.source);
    put(out, provenance.fetchedAt);
    put(out, value);
    return bytes;
}

Error damaged(const QString &detail)
{
    return Error{QCoreApplication::translate("kete::offline",
                                             "A part of the record kept on this computer could "
                                             "not be read."),
                 QStringLiteral("offline.value: ") + detail, ErrorCode::OfflineCopyDamaged};
}

// "~" and a hash of the value's bytes alone (not when or where it was fetched, nor its position),
// so a value fetched again keeps its id; a repeat of the same value gets "~2", "~3"... after it.
QString syntheticId(const QByteArray &valueBytes, QHash<QByteArray, int> &seen)
{
    const QByteArray hash = crypto::sha256(valueBytes).left(12).toHex();
    const int repeat = ++seen[hash];
    return QLatin1Char('~') + QString::fromLatin1(hash) +
           (repeat > 1 ? QLatin1Char('~') + QString::number(repeat) : QString());
}

template<typename Entry>
void appendEntries(QList<StoredResource> &out, const QString &type, int count,
                   const std::function<const Entry &(int)> &at)
{
    QHash<QByteArray, int> seen;
    for (int i = 0; i < count; ++i) {
        const Entry &entry = at(i);
        StoredResource resource{type, entry.value.id,
                                encode(entry.value, entry.provenance, quint32(i))};
        if (resource.id.isEmpty())
            resource.id = syntheticId(encode(entry.value, {}), seen);
        out.append(std::move(resource));
    }
}

template<typename Resource>
Result<DecodedResource<Resource>> decodeWith(ValueReader &in, const QByteArray &bytes)
{
    in.reset(bytes);
    quint32 format = 0;
    quint8 kind = 0;
    in >> format >> kind;
    if (in.status() != ValueReader::Ok)
        return damaged(QStringLiteral("cut short"));
    if (format < 1 || format > kRecordFormat)
        return damaged(
            QStringLiteral("format %1, expected 1 to %2").arg(format).arg(kRecordFormat));
    in.setVersion(int(format));
    DecodedResource<Resource> result;
    if (kind != quint8(kindOf(&result.value)))
        return damaged(
            QStringLiteral("kind %1, expected %2").arg(kind).arg(quint8(kindOf(&result.value))));
    in >> result.position;
    get(in, result.provenance.source);
    get(in, result.provenance.fetchedAt);
    get(in, result.value);
    if (in.status() != ValueReader::Ok)
        return damaged(in.status() == ValueReader::ReadPastEnd ? QStringLiteral("cut short")
                                                               : QStringLiteral("corrupt data"));
    if (!in.atEnd())
        return damaged(QStringLiteral("bytes after the value"));
    return result;
}

// Every entry lands where its position says: the positions of one type are 0..n-1, each once.
template<typename Resource>
Result<QList<record::RecordEntry<Resource>>> decodeAll(const QList<const QByteArray *> &contents)
{
    const qsizetype count = contents.size();
    QList<record::RecordEntry<Resource>> entries(count);
    record::RecordEntry<Resource> *placeFor = entries.data();
    std::vector<std::atomic_bool> placed(static_cast<size_t>(count));
    // Decoding is mostly the making of small values: one part per core, each with its reader
    // (and the strings that reader has met). Parts write to distinct positions only.
    std::vector<std::optional<Error>> problems =
        inParts(count, 512, [&](qsizetype begin, qsizetype end) -> std::optional<Error> {
            ValueReader in;
            for (qsizetype i = begin; i < end; ++i) {
                auto one = decodeWith<Resource>(in, *contents.at(i));
                if (!one)
                    return one.error();
                const qsizetype at = one->position;
                if (at >= count || placed[size_t(at)].exchange(true))
                    return damaged(QStringLiteral("positions out of order"));
                placeFor[at] = {{}, std::move(one->provenance), std::move(one->value)};
            }
            return std::nullopt;
        });
    for (std::optional<Error> &problem : problems) {
        if (problem)
            return std::move(*problem);
    }
    return entries;
}

} // namespace

QByteArray encode(const fhir::Patient &value, const record::Provenance &provenance,
                  quint32 position)
{
    return encodeResource(value, provenance, position);
}
QByteArray encode(const fhir::Observation &value, const record::Provenance &provenance,
                  quint32 position)
{
    return encodeResource(value, provenance, position);
}
QByteArray encode(const fhir::Condition &value, const record::Provenance &provenance,
                  quint32 position)
{
    return encodeResource(value, provenance, position);
}
QByteArray encode(const fhir::DiagnosticReport &value, const record::Provenance &provenance,
                  quint32 position)
{
    return encodeResource(value, provenance, position);
}

template<typename Resource> Result<DecodedResource<Resource>> decode(const QByteArray &bytes)
{
    ValueReader in;
    return decodeWith<Resource>(in, bytes);
}

template Result<DecodedResource<Patient>> decode<Patient>(const QByteArray &);
template Result<DecodedResource<Observation>> decode<Observation>(const QByteArray &);
template Result<DecodedResource<Condition>> decode<Condition>(const QByteArray &);
template Result<DecodedResource<DiagnosticReport>> decode<DiagnosticReport>(const QByteArray &);

QList<StoredResource> storedResources(const record::RecordSnapshot &record)
{
    QList<StoredResource> out;
    out.reserve(record.size() + 1);
    const Patient &patient = record.patient.value;
    if (!patient.id.isEmpty() || !record.patient.provenance.source.isEmpty() ||
        !patient.names.isEmpty()) {
        StoredResource resource{kPatientType, patient.id,
                                encode(patient, record.patient.provenance)};
        if (resource.id.isEmpty()) {
            QHash<QByteArray, int> seen;
            resource.id = syntheticId(encode(patient, {}), seen);
        }
        out.append(std::move(resource));
    }
    appendEntries<record::RecordStore::ObservationEntry>(
        out, kObservationType, int(record.observations.size()), [&](int i) -> const auto & {
            return record.observations.at(i);
        });
    appendEntries<record::RecordStore::ConditionEntry>(
        out, kConditionType, int(record.conditions.size()), [&](int i) -> const auto & {
            return record.conditions.at(i);
        });
    appendEntries<record::RecordStore::ReportEntry>(
        out, kReportType,
        int(record.reports.size()), [&](int i) -> const auto & { return record.reports.at(i); });
    return out;
}

QList<StoredResource> storedResources(const record::RecordStore &store)
{
    return storedResources(store.snapshot());
}

Result<record::RecordSnapshot> decodeRecord(const QList<StoredResource> &resources)
{
    QList<const QByteArray *> patients, observations, conditions, reports;
    for (const StoredResource &resource : resources) {
        QList<const QByteArray *> *list = resource.type == kPatientType       ? &patients
                                          : resource.type == kObservationType ? &observations
                                          : resource.type == kConditionType   ? &conditions
                                          : resource.type == kReportType      ? &reports
                                                                              : nullptr;
        if (!list)
            return damaged(QStringLiteral("a resource of an unknown type"));
        list->append(&resource.content);
    }
    if (patients.size() > 1)
        return damaged(QStringLiteral("%1 patients").arg(patients.size()));

    record::RecordSnapshot record;
    if (!patients.isEmpty()) {
        auto decoded = decode<Patient>(*patients.constFirst());
        if (!decoded)
            return decoded.error();
        record.patient.value = std::move(decoded.value().value);
        record.patient.provenance = std::move(decoded.value().provenance);
        record.patient.key = {record.patient.provenance.source, kPatientType,
                              record.patient.value.id};
    }
    auto observationEntries = decodeAll<Observation>(observations);
    if (!observationEntries)
        return observationEntries.error();
    auto conditionEntries = decodeAll<Condition>(conditions);
    if (!conditionEntries)
        return conditionEntries.error();
    auto reportEntries = decodeAll<DiagnosticReport>(reports);
    if (!reportEntries)
        return reportEntries.error();
    record.observations = std::move(observationEntries.value());
    record.conditions = std::move(conditionEntries.value());
    record.reports = std::move(reportEntries.value());
    return record;
}

Result<void> restoreInto(record::RecordStore &store, const QList<StoredResource> &resources)
{
    auto record = decodeRecord(resources);
    if (!record)
        return record.error();
    // Everything decoded: only now does the record change.
    store.restore(std::move(record.value()));
    return {};
}

} // namespace kete::offline
