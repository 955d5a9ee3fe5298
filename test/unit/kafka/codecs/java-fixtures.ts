/**
 * Records bodies of one batch compressed by Kafka 4.3.1's Java client itself (snappy-java, lz4-java
 * through Kafka's LZ4 frame writer, zstd-jni, java.util.zip), so the decoders are checked against what
 * Java producers really write. To regenerate: write `javaFixtureBody()` to a file and run
 * `java -cp '.cache/kafka/4.3.1/lib/*' test/unit/kafka/codecs/java-compress.java <file>`.
 */
import { encodeRecordBatch, type RecordToEncode } from '../../../../lib/kafka/kafkajs/record-batch.js';

/** Bytes before a v2 batch's records: the fixed header and the record count. */
export const RECORDS_START = 61;

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** 40 records: null and binary keys, unicode values, tombstones, repeated and null headers. */
export function javaFixtureRecords(): RecordToEncode[] {
  return Array.from({ length: 40 }, (_, i) => ({
    key: i % 7 === 0 ? null : i % 5 === 0 ? Uint8Array.from([0, 255, i, 128]) : text(`key-${i % 9}`),
    value:
      i % 11 === 10
        ? null
        : text(`{"id":${i},"name":"Zoë-${i * 37}","tags":["a","b${i % 4}"],"note":"${'lorem ipsum '.repeat(i % 6)}"}`),
    timestamp: 1_750_000_000_000 + i * 1_000,
    headers:
      i % 3 === 0
        ? []
        : [
            { key: 'trace', value: text(`t-${i}`) },
            { key: 'trace', value: null },
            { key: 'ünï', value: text('✓') },
          ],
  }));
}

/** The uncompressed records part of the fixture batch (what the Java client compressed). */
export function javaFixtureBody(): Buffer {
  return encodeRecordBatch(javaFixtureRecords(), { producerId: 7, producerEpoch: 0, baseSequence: 0 }).subarray(
    RECORDS_START,
  );
}

/** Base64 of `javaFixtureBody()` compressed by the Java client, per codec. */
export const JAVA_COMPRESSED = {
  gzip:
    'H4sIAAAAAAAA/62XT0hUQRzHZ95uIktkRERFmDwiIjTem/dfQiIiIkKiY+HBSkryH7kdIoRHiVh0EIQgkVikIOiQRIWUh0iCqBAL' +
    'oYgOFlIhHZYQgi41u/Nm2f399DnuevOwzvc7M9/fZ74vTQih56/o7Wf1RqNe72rtbNMb9ZPdUw8aDL1eT7ee69UbT+mt/O/Tht7C' +
    'f9Gdzv1C7yMfKJmp0VIX2i43mFepWMIsXcLy4Bpm0Rod3RfbOuvae3ovddbpfVWp9MXWM21V6QZT/EVTU5NdUw+rvo0OL1CS2ZnM' +
    'S7GRSIqVSnk2lGLLSC0ny5DsNCXZfVV5WetxJGuVypqmCXUtBd1SD2RUIy+aqvNC9rtIyAZCth93HypCy23cRht/pJGh5lQ1+bcu' +
    'nI/sOMCO76hebSXWHGStn5K5lvX5o3I7hDW31BpjLC4K/LjfUDLeuYH2R1vzwP87geqVFlv1kNVflIR9G/NW/dFIywdagVvOrRbr' +
    '+kh3hg/mTbopL2zI3AZgMi2r0vvjB3mcZEbpZp6TVEgjR9V8fg1k6ZlGsg/oFjHB3yUsAC1sA+FitbO04oHl7GG+DFLy4jndKia9' +
    'K3IHAGPbiDAAiJ8pGXpLt4sxHpCbBMCwfQSMFZmYM20h0z/5JHymO+gdqQSI4ZiIGKtCYk4Vo4GHa3yB1vI7rwmfSmUAB8dBcCgD' +
    'imMaCf/SuvxxetNSCgy7E6BhXxMs5jbvLhXjmeuaLka6EGPAD5chfqw5GnP2MHB4jDO3tV1i8GWMAXFcFxGHoRhn72u7xcNeiDHg' +
    'h2cgfqwIyZzpAJnO8tmb0PbwQG0OZZQZqCKeHVtGVI6LYShtJEOvtb2U5pI291GrF4Mrk8bA/PtmWQ1DyRuuHjxp4z+0fXlLjkwa' +
    'AyzxnYrLh5I9zB6etPCPZohnOEoaA/zx/djGwpP2iT9UAwnGr35bKIPGAEsCplw0Sjzj5vCbT8ethC2Gt5A0wJPAjS0PSseFucGr' +
    'cvZewhWDKanJADeCQLl3xFBzhFfJJwmfzkgVMP+mYZVVOZR2jrvIJG+SrxKN4uH/KT0F0JNXcRtR8ofpw4M8N5vYzyNYG/ZEDR/A' +
    'h1d8RB+AzC/8UZxPNAmADMovBROuYyv3m2LXFu4rJ0i4mDgg4FBUvCzMkVk+YteSB8WgTkhn8COGMeVSEhO9uxrJDCcPiQdb5s+C' +
    '3zHMKauWqNyvteSXTHYseZjK6FnwO4YFFXcVJWuYRzf4w/coeURAQWYP4Mi0rNh+I7I39DJ5VDzXhex5cB1XuZSU2MYlY5FPzPvk' +
    'MTHRGakHKWMbsTVD6cgwTXiax78mm0VPL6QZ0sS2lbtJTJr/AytYSOIaEQAA',
  snappy:
    'glNOQVBQWQAAAAABAAAAAQAABYaaIvBJdAAAAAFoeyJpZCI6MCwibmFtZSI6Ilpvw6stMCIsInRhZ3MiOlsiYSIsImIwIl0sIm5v' +
    'dGUiOiIifQDSAQDQDwIKa2V5LTGCAXsFQwAxNkMABDM3PkQAADEdRGBsb3JlbSBpcHN1bSAifQYKdHJhY2UGdC0xCQpAAQrDvG7D' +
    'rwbinJPqAQCgHwQFawgymgEJrgAyNmsABDc0PmsAADJaawBedwAAMkJ3ABTOAQDwLgYFdwQztA13ADM2dwAIMTExPngAADOKeAA2' +
    'hAAYAJwCAMA+CAVpBDTMDWkANDppAAQ0OD5pAAAwumkANnUAOXAANEL5ACyyAgCQTgoIAP8FgOQNjwA1Oo8ABDg1Po8AXtsBLncA' +
    'jgwALgsCADVCmwAUhAEA4F0MJSsENmxJCgA2NpsACDIyMj6bAC4LAigifQDKAQCwbQ4BhA3bADc6QAAENTk+QABe0wEuqwAAN0Kr' +
    'ABTsAQCAfRAFqwQ4nA1sADg6bAAEOTY+bACO1gEueAAAOEJ4ABjQAQDQjAESBXkAMFG4ADk2eQAIMzMzPnkAvsABOCJ9AFAAoJwB' +
    'FAgA/wqAAU1QEAh0LTEwQpMAGLoCAPCrARYFkwQy5i0MADE6LgQENDBCLwReeQGOSAIuJAA1MQGfRmAEGIgBAMC7ARgFnwgzbnuJ' +
    'yzphBAQ0NEJiBC6rASQifQDaAQCQywEaBUYENIYR5ToxBAQ0OEIxBF55ATK1AAAzQlQBIOgBAODaARwBnhFqOjIEBDUxQjIELggD' +
    'Lh8BLgwAMnYARhsEMNABALDqAR4IAP8PgLYRejodBAQ1NUIdBL7JASQifQCiAgCA+gEgJU8EN84RazrtAwQ1OULtAy6WAS7ZAI4M' +
    'ADL9AAA2QnMBGLoCANCJAiIFkwA4Vcc6QAQENjJCQARe4gGOkwAuJAAynwBGcQQYiAEAoJkCJAWfADBRxzpyBAQ2NkJyBC4WAknH' +
    'DPCoAiYFRgAxVcc6QAQENzBCQARe4wEytQAAOUJUASzwAQDAuAIoCAD/FIBRywAyOosIBDc0co0ILiMBLgwALnoAADJGlQQcEACQ' +
    'yAIqAQFBagzg1wIsBfIANFFqADI6AAQEODFCAAQuOQEueACODAAynABGewgYugIAsOcCLgWTADVRagAyOkwEBDg1QkwEXoUBjpMA' +
    'LiQAMp8ARnwEGIgBAID3AjAFnwA2TWoAMjqABAQ4OEKABC6bAzgifQDYAQDQhgMyCAD/GYBRaQAyOkwEBDkyQkwEXk4DMrQARjoI' +
    'GPIBAKCWAzQFtAA4VWo6UAQEOTZCUASO5gEyewBGOAQY0gEA8KUDNgV7ADCxNgAyOjgEBDk5QjgEvs4BLCJ9AJoCAMC1AzgB0K0x' +
    'ADI6AAQIMTAzQgEELpcBLgUCjgwAMvoARowIGLwCAJDFAzoF+gQy6BGUOk0ECDEwN0JOBF7lAY6UAC4kADKgAEZ+BDCIAQDg1AM8' +
    'CAD/HoBw6fkAMzp9BAgxMTFCfgQuFAIkIn0A3AEAsOQDPgXmBDSIDeYAMzrfCAgxMTSi4AgutgAAM0awCBRSAID0A0AFbwA1KnkJ' +
    'ADNGSAQY1AEA0IMEQgUrBDa4EZo6SAQIMTIyQkkEvoABJCJ9AKQCAKCTBEQFbAA3UYAAMzoWBAgxMjVCFwQuTgEuvAGODAAyKgFG' +
    'rwgcsgIA8KIERgFRewAzOl8ECDEyOUJgBL52A16nADKbAEaQBBiKAQDAsgRIJS8AMFF8Oo8ECDEzM0KQBC6uA0l8DJDCBEoFRwAx' +
    'VXw6XAQIMTM2Ql0EXuIBMrcARmUIGPQBAODRBEwFcAQyoFFSPmYEBDQwQmYEjuYBMnwARk4EGNQBALDhBE4FfAAzVc4+TgQENDRC' +
    'TgS+0wEIIn0A',
  lz4:
    'BCJNGGBAgmcFAADwJXQAAAABaHsiaWQiOjAsIm5hbWUiOiJab8OrLTAiLCJ0YWdzIjpbImEiLCJiMCJdLCJub3QiAPICIn0A0gEA' +
    '0A8CCmtleS0xggFDABoxQwAsMzdEABcxRADyCmxvcmVtIGlwc3VtICJ9Bgp0cmFjZQZ0LTEKAPECAQrDvG7DrwbinJPqAQCgHwRr' +
    'ACMymmsAGjJrACw3NGsAHzJrAAQPdwAFHTJ3AGHOAQDwLgZ3ACMztHcAGjN3ADwxMTF4AB8zeAAQCoQAcQCcAgDAPghpACM0zGkA' +
    'GzRpACw0OGkACJABCFEADwwAEQhwARI0egEHcAHDsgIAkE4KCAD/BYDkjwAbNY8ALDg1jwAfMfgAHA+nAAUImwAdNZsAYYQBAOBd' +
    'DCsBIjZsdQIaNpsAPDIyMpsACAsCsyJ9AMoBALBtDgGE2wAbN0AALDU5QAAP0wEFCKsAHTerAGHsAQCAfRCrACM4nGwAGzhsACw5' +
    'NmwAD9YBEQh4AB04vgFx0AEA0IwBEnkAFDC4Aho5eQA8MzMzeQAPwAEd8wAifQBQAKCcARQIAP8KgAHAA10IdC0xMJMAcboCAPCr' +
    'ARaTACMy5gwBGzEuBC00MC8ED3kBBQ88AgUPGAAFBTEBAJ8ADmAEcYgBAMC7ARifACIzblYCGzFhBC00NGIECKsBoSJ9ANoBAJDL' +
    'ARpGACQ0huUACzEELTQ4MQQPeQEFCbUAHTPnAZToAQDg2gEcAZ5qABo04wEtNTEyBAgIAw8rARIOGwTU0AEAsOoBHggA/w+AtnoA' +
    'Cx0ELTU1HQQPyQEdoSJ9AKICAID6ASBPASQ3zmsAC+0DLTU57QMIlgEP5QAFDxgABQlzAR02cwFxugIA0IkCIpMAFTjHAgtABC02' +
    'MkAED+IBBQ+HAAUPGAAFCZ8ADnEEcYgBAKCZAiSfABQwxwILcgQtNjZyBAgWAgLHAkHwqAImRgAVMccCC0AELTcwQAQP4wEFCbUA' +
    'HTlUAcTwAQDAuAIoCAD/FIDLAhsyiwgvNzSNCAoPLwERHjKVBIAQAJDIAioBAWoCQeDXAizyABQ0agIbMgAELTgxAAQIOQEPhAAF' +
    'DxgABQgWAR4yewhxugIAsOcCLpMAFDVqAhsyTAQtODVMBA+FAQUPhwAFDxgABQmfAA58BHGIAQCA9wIwnwATNmoCGzKABC04OIAE' +
    'CJsD9AAifQDYAQDQhgMyCAD/GYBpAhsyTAQtOTJMBA9OAwUJtAAOOghx8gEAoJYDNLQAFThqAgtQBC05NlAED+YBEQl7AA44BHHS' +
    'AQDwpQM2ewAUMDYFGzI4BC05OTgED84BHcMifQCaAgDAtQM4AdAxBRsyAAQ9MTAzAQQIlwEPEQIFDxgABQn6AA6MCHG8AgCQxQM6' +
    '+gAkMuiUAAtNBD0xMDdOBA/lAQUPiAAFDxgABQmgAA5+BNKIAQDg1AM8CAD/HoBw+QcbM30EPTExMX4ECBQCoSJ9ANwBALDkAz7m' +
    'ACM0iOYAGzPfCD8xMTTgCBYItgAeM7AIYVIAgPQDQG8AFzV5CR4zSARx1AEA0IMEQisAJDa4mgALSAQ9MTIySQQPgAEdoSJ9AKQC' +
    'AKCTBERsABQ3gAIbMxYEPTEyNRcECE4BD8gBBQ8YAAUJKgEOrwiEsgIA8KIERgF7AhszXwQ9MTI5YAQPdgMdD5sAEg6QBHGKAQDA' +
    'sgRILwEUMHwCC48EPTEzM5AECK4DAnwCQZDCBEpHABUxfAILXAQ9MTM2XQQP4gEFCVIBDmUIcfQBAODRBExwACQyoFICDGYELTQw' +
    'ZgQP5gERCXwADk4EcdQBALDhBE58ABUzzgIMTgQtNDROBA/TARtQbSAifQAAAAAA',
  zstd:
    'KLUv/QBYRB4A1mqTRfCW0wGsZNjszGHPPyzIUVPav4ZMmAz+2I679zQSEfjueNIeaMwyD91k+ZJJEffMlEi5pZQpEcQK9mRcp0iR' +
    'MAi7izSZUowAfgB7ANRKiqQDMGNtBMPipzOjnXL+mNrLix8Oc/CllF/jRS4ybh/3ubkLDyVocTNZgXNERKNHlaNn1LK0EqE2nGxW' +
    'IxEHW1IhQNTItKRQNjQzcnvZJGRJBOrD6KXAuIMwB6EJolY0KkiKgVEDJMETzGCCIDqcVpAEY2lGDw0GaIKo1EkFSdEEOcjAER6a' +
    'mVcBPDX6pdVna+koHb8cfkrpjS5lxhpLM3Fxw6ZbSeeLRtBEYtxLXtp5Yh5oHyxuIszBOKervkDjeHHfyNJK+zhlEifQM2T8eKIs' +
    'rbTuRjPWVhqnxRZY/v+tEQe0Chg3zMZ6LY5V4TruJttf6puJFpBycfdgDrq715kaICbGbYLKUVpYW5CNFz8XzMF773YjVlAMGXeQ' +
    '6vXWF3aCWLS4nVCnfql3BmasOegEjHtItNZOr/FB6d5fUvtOXZ4SFz8ed5/SuvtM0hMS45fD3Q0eDxarRI9xbtG7lRlrDN7Oi1t2' +
    '/+N25YInQ+a1VhsVvBYt7ptNXq9bEgsfChi//D/vzsOEjLi4f+x7jdO2vEIISIz7ySZv/U1SCOlgRf+vcUJI58Wdgv7T6/RbQihH' +
    'xk9nvlvq87cIoRUtfjCYg9Jd/u9UCKESMO4ff/oA9KTjC/KnlPJv5gsIiYu7CHPQo5TxazqWGWsOQD8x7psrtyjvEjeBdrD45bDx' +
    'A4DjqKFMLolISZJUps1QkwSN0wESCDIkyyAQRwEd0JRAIqP4saQwzQELQkC6Q/xvxiV261jJZda0DqurUJ/DGW2hoj8LkSlSh91h' +
    'KOhn2jVpoJAMWmQa8oCVCRcRex4wXxIHObo8Zz0wjmBPWfESXE0yA4YAAEfWehb/QlxCFFKYs33Wt6PPxOVwH4EA6M6dotJHjKSA' +
    'Fr3XhORVpreuRCp0z0R9wL48AHqDxph+m/SwMM6ESJMF26adN+Y2BgadXfE5iRb50MpOlJUsdReZ3SUOglLO0uItCoDAnuHFt/GZ' +
    '7YkUpQmyWVD0euCNeXSNxuNyi2gPo+GATdiiQZaKJEyCeePYCKFa9AHRGLKAtbGexcX1lDLILAbJ0Ra7iPji3lAQsZZY3pPkvQeZ' +
    '2AaqKt9Y7aIwleR2vI7rJYw/NbmlkbjYPPKwAYyE2nK7XeI21y9eADPZJezQY3Q4x++9G2bvWEmrUnpIOfl2phunv+qUfiR2eInR' +
    'jVUBAAA=',
} as const;

/** How often `JAVA_ZSTD_LARGE` repeats `javaFixtureBody()`: about 1.3 MB, more than one zstd block. */
export const JAVA_LARGE_REPEAT = 300;

/**
 * `javaFixtureBody()` repeated `JAVA_LARGE_REPEAT` times, zstd-compressed by the Java client (the same
 * generator with `300` as its second argument): a streamed frame without a content size.
 */
export const JAVA_ZSTD_LARGE =
  'KLUv/QBYfB4A1mqTRfCW0wGsZNjszGHPPyzIUVPav4ZMmAz+2I679zQSEfjueNIeaMwyD91k+ZJJEffMlEi5pZQpEcQK9mRcp0iR' +
  'MAi7izSZUowAfgB7ANRKiqQDMGNtBMPipzOjnXL+mNrLix8Oc/CllF/jRS4ybh/3ubkLDyVocTNZgXNERKNHlaNn1LK0EqE2nGxW' +
  'IxEHW1IhQNTItKRQNjQzcnvZJGRJBOrD6KXAuIMwB6EJolY0KkiKgVEDJMETzGCCIDqcVpAEY2lGDw0GaIKo1EkFSdEEOcjAER6a' +
  'mVcBPDX6pdVna+koHb8cfkrpjS5lxhpLM3Fxw6ZbSeeLRtBEYtxLXtp5Yh5oHyxuIszBOKervkDjeHHfyNJK+zhlEifQM2T8eKIs' +
  'rbTuRjPWVhqnxRZY/v+tEQe0Chg3zMZ6LY5V4TruJttf6puJFpBycfdgDrq715kaICbGbYLKUVpYW5CNFz8XzMF773YjVlAMGXeQ' +
  '6vXWF3aCWLS4nVCnfql3BmasOegEjHtItNZOr/FB6d5fUvtOXZ4SFz8ed5/SuvtM0hMS45fD3Q0eDxarRI9xbtG7lRlrDN7Oi1t2' +
  '/+N25YInQ+a1VhsVvBYt7ptNXq9bEgsfChi//D/vzsOEjLi4f+x7jdO2vEIISIz7ySZv/U1SCOlgRf+vcUJI58Wdgv7T6/RbQihH' +
  'xk9nvlvq87cIoRUtfjCYg9Jd/u9UCKESMO4ff/oA9KTjC/KnlPJv5gsIiYu7CHPQo5TxazqWGWsOQD8x7psrtyjvEjeBdrD45bDx' +
  'A4DkqKFQLYlISZJUps1AIwkynHQSCDIkyyAQRyEdUJRAIqP4qaQwTfsZ4+4dkb4YQI5J7n4m/I1tjQ+0zcvpks15ISa+J0hp+g/l' +
  'ZfJNQAOz2PhBl6OfV6yDaERTmTMy8XqNvovhiyAngyGUQ0QYhyolpnhRFyfFiKGAcCNkPYx/+dI4isDXJ066j6BfmXJchi0BL2iY' +
  '4qaCavc4cHSbYmnKp6OaDAeomWmSFMHPpvACYtCZNpvmfJ3FIHZYVyJtuCBs8oLojM1No9p8H6C8UBk/HhARDNcYiB4rFxY+fgCa' +
  '5WUp8nVDffmkjE0AS4RPrgdcynXUiK8LgoY2sAlOx+MYDXupaP0l1MQEmFAsREhxjrELWC3rS3DhDk2GrYkhAwsL0kmcZG+oiKhD' +
  'J1rqeAaOTVhyI9TejXGVJ0m6yAh955VEAy/U0ghd2v542vBY8px13VvNM9cXb4EhltG9wnEEvMh3F9pmQLK7NBkdImc/CdMd919D' +
  'FzsgC1xiwHQVTAAACHABAPz/ORACTAAACDkBAPz/ORACTAAACDMBAPz/ORACTAAACAgBAPz/ORACTAAACGQBAPz/ORACTAAACGEB' +
  'APz/ORACTAAACHMBAPz/ORACTAAACCIBAPz/ORACTAAACCIBAPz/ORACRAAACAoBAHTygRABAAA=';
