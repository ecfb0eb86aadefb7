// English and Turkish texts (the station's installers are in Turkey). The language comes from the
// browser unless the operator picked one; {name} in a text is replaced by the argument of that name.
const texts = {
  en: {
    skip: 'Skip to content', pages: 'Pages', language: 'Language',
    'nav.site': 'Site', 'nav.charger': 'Charger', 'nav.sessions': 'Sessions', 'nav.system': 'System',
    'key.button': 'API key', 'key.button.set': 'API key ✓', 'key.title': 'API key',
    'key.help': 'Reads need the read key (unless the station allows public reads); commands need the control key. It is kept in this browser tab only.',
    'key.label': 'Key', 'key.save': 'Save', 'key.forget': 'Forget', cancel: 'Cancel', confirm: 'Confirm',
    'auth.required': 'This station needs an API key to show its data. Enter it with the “API key” button.',
    'auth.invalid': 'The API key is not valid. Check it and enter it again with the “API key” button.',
    'auth.forbidden': 'This key may only read. Commands need the control key.',
    'auth.command': 'Commands need the control key: enter it with the “API key” button.',
    'stream.down': 'Live updates are interrupted. Reconnecting…',
    'state.0': 'Fault (ended)', 'state.1': 'Available', 'state.2': 'Cable connected', 'state.3': 'Vehicle connected',
    'state.4': 'Ready to charge', 'state.5': 'Charging', 'state.6': 'Paused', 'state.7': 'Stopped', 'state.8': 'Fault',
    'state.unknown': 'Unknown', 'state.nolink': 'No link',
    'site.title': 'Site', 'site.none': 'No charger is configured.', link: 'Link', 'link.up': 'up since {since}', 'link.down': 'down',
    'link.reconnects': 'reconnects: {n}', offered: 'Current offered', cable: 'Cable / vehicle', session: 'Session', 'last.event': 'Last event',
    'cable.none': 'No cable', 'cable.plugged': 'Cable plugged ({amps} A cable)', 'vehicle.connected': 'vehicle connected',
    'vehicle.charging': 'vehicle asks to charge', 'session.none': 'None', 'session.user': '{user}, {elapsed}', 'anonymous': 'no user id',
    'event.none': 'None yet', ago: '{t} ago', details: 'Details',
    'charger.title': 'Charger {id}', status: 'Status', field: 'Field', value: 'Value', freshness: 'Freshness',
    'fresh.FRESH': 'fresh', 'fresh.STALE': 'stale', 'fresh.NONE': 'no status yet', received: 'Received', age: 'Age',
    pilot: 'Pilot', relay: 'Relay', lock: 'Cable lock', pwm: 'PWM duty', max: 'Maximum current', authorized: 'Authorized', power: 'Power board',
    'meter.power': 'Power (meter)', 'meter.energy': 'Energy register', energy: 'Energy',
    yes: 'yes', no: 'no',
    commands: 'Commands', 'cmd.user': 'User id (optional)', 'cmd.start': 'Start charging', 'cmd.stop': 'Stop charging',
    'cmd.max': 'Maximum current (A)', 'cmd.setmax': 'Set maximum current',
    'confirm.start': 'Start charging on {id}{user}?', 'confirm.stop': 'Stop charging on {id}?', 'confirm.max': 'Set the maximum current of {id} to {amps} A?',
    'result.accepted': 'Accepted: {message}', 'result.confirmed': 'Confirmed: {message}', 'result.rejected': 'Rejected: {message}',
    'result.linkdown': 'Link down: {message}', 'result.timeout': 'Timed out (unknown whether it ran): {message}',
    'result.ratelimited': 'Too many commands: {message}', 'result.error': 'Failed ({status}): {message}', 'result.network': 'The daemon did not answer.',
    timeline: 'Event timeline', 'timeline.empty': 'No events yet.', frames: 'Serial flight recorder', refresh: 'Refresh',
    'frames.help': 'The last lines the ESP32 sent (RX) and the commands we wrote (TX), decoded.', time: 'Time', dir: 'Dir', kind: 'Kind', decoded: 'Decoded',
    'sessions.title': 'Sessions', charger: 'Charger', 'status.any': 'Any status', user: 'User id', apply: 'Apply', 'export.csv': 'Export CSV',
    start: 'Start', end: 'End', duration: 'Duration', 'end.reason': 'End reason', 'sessions.none': 'No sessions match.',
    'page.of': 'Sessions {from}–{to} of {total}', previous: 'Previous', next: 'Next',
    'chart.title': 'Sessions and charging hours per day', 'chart.sessions': 'Sessions', 'chart.hours': 'Charging hours',
    'chart.label': '{day}: {n} sessions, {h} h', 'chart.empty': 'No sessions to chart.',
    'status.ACTIVE': 'Active', 'status.COMPLETED': 'Completed', 'status.CANCELLED': 'Cancelled', 'status.FAULTED': 'Faulted',
    'system.title': 'System', health: 'Health', readiness: 'Readiness', 'ready.ready': 'Ready', 'ready.not_ready': 'Not ready',
    'ready.shutting_down': 'Shutting down', reasons: 'Reasons', 'reasons.none': 'None', version: 'Version', uptime: 'Uptime',
    log: 'Log', 'log.journal': 'systemd journal', 'log.console': 'console only', actors: 'Actor tree', restarts: '{n} restarts',
    subscribers: 'Event subscribers', quarantined: 'quarantined', delivered: 'Delivered', failed: 'Failed', 'last.error': 'Last error',
    simulator: 'Simulator', 'sim.help': 'The built-in ESP32 simulator (run --simulate): drive a whole charge without hardware. Needs the control key.',
    'sim.plug': 'Plug cable', 'sim.connect': 'Connect vehicle', 'sim.charge': 'Vehicle charges', 'sim.pause': 'Pause', 'sim.resume': 'Resume',
    'sim.disconnect': 'Disconnect vehicle', 'sim.unplug': 'Unplug', 'sim.fault': 'Earth fault', 'sim.clear': 'Clear fault',
    'sim.disappear': 'USB disappears', 'sim.reappear': 'USB reappears',
    name: 'Name', state: 'State', 'link.ok': 'link up',
    'ev.CABLE_CONNECTED': 'Cable connected', 'ev.EV_CONNECTED': 'Vehicle connected', 'ev.CHARGE_READY': 'Ready to charge', 'ev.CHARGE_STARTED': 'Charging started', 'ev.CHARGE_PAUSED': 'Charging paused', 'ev.CHARGE_STOPPED': 'Charging stopped', 'ev.CABLE_DISCONNECTED': 'Cable unplugged', 'ev.FAULT_DETECTED': 'Fault detected', 'ev.FAULT_CLEARED': 'Fault cleared', 'ev.STATE_CHANGED': 'State changed', 'ev.LINK_DOWN': 'Link down', 'ev.LINK_UP': 'Link up', 'ev.STATUS_STALE': 'Status stale', 'ev.FIRMWARE_INFO': 'Firmware info', 'ev.FIRMWARE_WARNING': 'Firmware warning', 'ev.FIRMWARE_ERROR': 'Firmware error', 'ev.LEFTOVER_AUTHORIZATION': 'Leftover authorization', 'ev.CHARGE_AUTHORIZED': 'Charging authorized',
    loading: 'Loading…', 'load.failed': 'Could not load: {message}',
  },
  tr: {
    skip: 'İçeriğe geç', pages: 'Sayfalar', language: 'Dil',
    'nav.site': 'Saha', 'nav.charger': 'Şarj cihazı', 'nav.sessions': 'Oturumlar', 'nav.system': 'Sistem',
    'key.button': 'API anahtarı', 'key.button.set': 'API anahtarı ✓', 'key.title': 'API anahtarı',
    'key.help': 'Okumak için okuma anahtarı (istasyon herkese açık okumaya izin vermiyorsa), komutlar için kontrol anahtarı gerekir. Yalnızca bu tarayıcı sekmesinde saklanır.',
    'key.label': 'Anahtar', 'key.save': 'Kaydet', 'key.forget': 'Unut', cancel: 'Vazgeç', confirm: 'Onayla',
    'auth.required': 'Bu istasyonun verilerini görmek için API anahtarı gerekir. “API anahtarı” düğmesiyle girin.',
    'auth.invalid': 'API anahtarı geçersiz. Kontrol edip “API anahtarı” düğmesiyle yeniden girin.',
    'auth.forbidden': 'Bu anahtar yalnızca okuyabilir. Komutlar için kontrol anahtarı gerekir.',
    'auth.command': 'Komutlar için kontrol anahtarı gerekir: “API anahtarı” düğmesiyle girin.',
    'stream.down': 'Canlı güncellemeler kesildi. Yeniden bağlanılıyor…',
    'state.0': 'Arıza (sonlandı)', 'state.1': 'Müsait', 'state.2': 'Kablo takılı', 'state.3': 'Araç bağlı',
    'state.4': 'Şarja hazır', 'state.5': 'Şarj ediliyor', 'state.6': 'Duraklatıldı', 'state.7': 'Durduruldu', 'state.8': 'Arıza',
    'state.unknown': 'Bilinmiyor', 'state.nolink': 'Bağlantı yok',
    'site.title': 'Saha', 'site.none': 'Yapılandırılmış şarj cihazı yok.', link: 'Bağlantı', 'link.up': '{since} tarihinden beri açık', 'link.down': 'kopuk',
    'link.reconnects': 'yeniden bağlanma: {n}', offered: 'Sunulan akım', cable: 'Kablo / araç', session: 'Oturum', 'last.event': 'Son olay',
    'cable.none': 'Kablo yok', 'cable.plugged': 'Kablo takılı ({amps} A kablo)', 'vehicle.connected': 'araç bağlı',
    'vehicle.charging': 'araç şarj istiyor', 'session.none': 'Yok', 'session.user': '{user}, {elapsed}', 'anonymous': 'kullanıcı kimliği yok',
    'event.none': 'Henüz yok', ago: '{t} önce', details: 'Ayrıntılar',
    'charger.title': 'Şarj cihazı {id}', status: 'Durum', field: 'Alan', value: 'Değer', freshness: 'Güncellik',
    'fresh.FRESH': 'güncel', 'fresh.STALE': 'eski', 'fresh.NONE': 'henüz durum yok', received: 'Alındı', age: 'Yaş',
    pilot: 'Pilot', relay: 'Röle', lock: 'Kablo kilidi', pwm: 'PWM oranı', max: 'Azami akım', authorized: 'Yetkili', power: 'Güç kartı',
    'meter.power': 'Güç (sayaç)', 'meter.energy': 'Enerji sayacı', energy: 'Enerji',
    yes: 'evet', no: 'hayır',
    commands: 'Komutlar', 'cmd.user': 'Kullanıcı kimliği (isteğe bağlı)', 'cmd.start': 'Şarjı başlat', 'cmd.stop': 'Şarjı durdur',
    'cmd.max': 'Azami akım (A)', 'cmd.setmax': 'Azami akımı ayarla',
    'confirm.start': '{id} üzerinde şarj başlatılsın mı{user}?', 'confirm.stop': '{id} üzerinde şarj durdurulsun mu?', 'confirm.max': '{id} azami akımı {amps} A olarak ayarlansın mı?',
    'result.accepted': 'Kabul edildi: {message}', 'result.confirmed': 'Onaylandı: {message}', 'result.rejected': 'Reddedildi: {message}',
    'result.linkdown': 'Bağlantı kopuk: {message}', 'result.timeout': 'Zaman aşımı (çalışıp çalışmadığı bilinmiyor): {message}',
    'result.ratelimited': 'Çok fazla komut: {message}', 'result.error': 'Başarısız ({status}): {message}', 'result.network': 'Servis yanıt vermedi.',
    timeline: 'Olay zaman çizelgesi', 'timeline.empty': 'Henüz olay yok.', frames: 'Seri hat kayıt cihazı', refresh: 'Yenile',
    'frames.help': 'ESP32’nin gönderdiği son satırlar (RX) ve yazdığımız komutlar (TX), çözümlenmiş.', time: 'Zaman', dir: 'Yön', kind: 'Tür', decoded: 'Çözümleme',
    'sessions.title': 'Oturumlar', charger: 'Şarj cihazı', 'status.any': 'Tüm durumlar', user: 'Kullanıcı kimliği', apply: 'Uygula', 'export.csv': 'CSV indir',
    start: 'Başlangıç', end: 'Bitiş', duration: 'Süre', 'end.reason': 'Bitiş nedeni', 'sessions.none': 'Eşleşen oturum yok.',
    'page.of': 'Oturum {from}–{to} / {total}', previous: 'Önceki', next: 'Sonraki',
    'chart.title': 'Günlük oturum ve şarj saatleri', 'chart.sessions': 'Oturum', 'chart.hours': 'Şarj saati',
    'chart.label': '{day}: {n} oturum, {h} sa', 'chart.empty': 'Grafik için oturum yok.',
    'status.ACTIVE': 'Etkin', 'status.COMPLETED': 'Tamamlandı', 'status.CANCELLED': 'İptal edildi', 'status.FAULTED': 'Arızalı',
    'system.title': 'Sistem', health: 'Sağlık', readiness: 'Hazırlık', 'ready.ready': 'Hazır', 'ready.not_ready': 'Hazır değil',
    'ready.shutting_down': 'Kapanıyor', reasons: 'Nedenler', 'reasons.none': 'Yok', version: 'Sürüm', uptime: 'Çalışma süresi',
    log: 'Günlük', 'log.journal': 'systemd günlüğü', 'log.console': 'yalnızca konsol', actors: 'Aktör ağacı', restarts: '{n} yeniden başlatma',
    subscribers: 'Olay aboneleri', quarantined: 'karantinada', delivered: 'İletilen', failed: 'Başarısız', 'last.error': 'Son hata',
    simulator: 'Simülatör', 'sim.help': 'Yerleşik ESP32 simülatörü (run --simulate): donanım olmadan tam bir şarjı deneyin. Kontrol anahtarı gerekir.',
    'sim.plug': 'Kabloyu tak', 'sim.connect': 'Aracı bağla', 'sim.charge': 'Araç şarj olsun', 'sim.pause': 'Duraklat', 'sim.resume': 'Sürdür',
    'sim.disconnect': 'Aracı ayır', 'sim.unplug': 'Kabloyu çıkar', 'sim.fault': 'Toprak arızası', 'sim.clear': 'Arızayı temizle',
    'sim.disappear': 'USB kaybolsun', 'sim.reappear': 'USB geri gelsin',
    name: 'Ad', state: 'Durum', 'link.ok': 'bağlantı açık',
    'ev.CABLE_CONNECTED': 'Kablo takıldı', 'ev.EV_CONNECTED': 'Araç bağlandı', 'ev.CHARGE_READY': 'Şarja hazır', 'ev.CHARGE_STARTED': 'Şarj başladı', 'ev.CHARGE_PAUSED': 'Şarj duraklatıldı', 'ev.CHARGE_STOPPED': 'Şarj durdu', 'ev.CABLE_DISCONNECTED': 'Kablo çıkarıldı', 'ev.FAULT_DETECTED': 'Arıza algılandı', 'ev.FAULT_CLEARED': 'Arıza giderildi', 'ev.STATE_CHANGED': 'Durum değişti', 'ev.LINK_DOWN': 'Bağlantı koptu', 'ev.LINK_UP': 'Bağlantı kuruldu', 'ev.STATUS_STALE': 'Durum eskidi', 'ev.FIRMWARE_INFO': 'Yazılım bilgisi', 'ev.FIRMWARE_WARNING': 'Yazılım uyarısı', 'ev.FIRMWARE_ERROR': 'Yazılım hatası', 'ev.LEFTOVER_AUTHORIZATION': 'Artık yetkilendirme', 'ev.CHARGE_AUTHORIZED': 'Şarj yetkilendirildi',
    loading: 'Yükleniyor…', 'load.failed': 'Yüklenemedi: {message}',
  },
};

const stored = () => { try { return localStorage.getItem('charger.lang'); } catch { return null; } };

export let lang = (() => {
  const pick = stored();
  if (pick && texts[pick]) return pick;
  return (navigator.languages || [navigator.language]).some(l => /^tr\b/i.test(l || '')) ? 'tr' : 'en';
})();

export function setLang(value) {
  if (!texts[value]) return;
  lang = value;
  try { localStorage.setItem('charger.lang', value); } catch { /* private mode: the choice lasts for this page */ }
}

export function t(key, args = {}) {
  const text = texts[lang][key] ?? texts.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (args[name] ?? ''));
}

/** Fills every [data-i18n] (text) and [data-i18n-label] (aria-label) under root. */
export function translate(root = document) {
  document.documentElement.lang = lang;
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach(el => el.setAttribute('aria-label', t(el.dataset.i18nLabel)));
}

export const locale = () => (lang === 'tr' ? 'tr-TR' : 'en-GB');
