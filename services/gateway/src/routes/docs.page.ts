/**
 * A readable API reference that renders /openapi.json in the browser, self-contained (no CDN:
 * deployments are often offline).
 */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Parley API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:20px 32px}header h1{margin:0;font-size:22px}
main{max-width:980px;margin:0 auto;padding:16px 32px 64px}h2{margin-top:32px;border-bottom:1px solid #d8dce3;padding-bottom:4px}
.op{background:#fff;border:1px solid #d8dce3;border-radius:8px;margin:12px 0;padding:12px 16px}
.m{display:inline-block;min-width:64px;font-weight:700;font-family:ui-monospace,monospace}
.GET{color:#0b7a3e}.POST{color:#1456b8}.PUT{color:#8a5a00}.DELETE{color:#b3261e}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f0f2f5;padding:8px;border-radius:6px;overflow:auto;max-height:320px}
details summary{cursor:pointer;color:#4a5363}.desc{color:#4a5363}
</style></head><body><header><h1>Parley API reference</h1><div id="intro"></div></header><main id="ops">Loading…</main>
<script>
fetch('/openapi.json').then(r=>r.json()).then(spec=>{
  const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
  const md=s=>esc(s).replace(/\x60([^\x60]+)\x60/g,'<code>$1</code>');
  const statusNames={'200':'OK','201':'Created','400':'invalid: bad body, path or header (details name the fields)','401':'unauthorized: missing or bad signature or key','403':'forbidden','404':'not_found','409':'conflict','410':'gone: the session has ended','413':'payload_too_large','429':'rate_limited','503':'unavailable: a dependency is down, retry'};
  document.getElementById('intro').innerHTML=md(spec.info.description||'');
  const groups={};
  for(const [path,item] of Object.entries(spec.paths||{}))for(const [method,op] of Object.entries(item)){
    const tag=(op.tags&&op.tags[0])||'Other';(groups[tag]=groups[tag]||[]).push({path,method:method.toUpperCase(),op});}
  let html='';
  for(const [tag,ops] of Object.entries(groups)){html+='<h2>'+esc(tag)+'</h2>';
    for(const {path,method,op} of ops){
      html+='<div class="op"><span class="m '+method+'">'+method+'</span> <code>'+esc(path)+'</code><div>'+md(op.summary||'')+'</div>';
      if(op.description)html+='<div class="desc">'+md(op.description)+'</div>';
      const body=op.requestBody&&op.requestBody.content&&op.requestBody.content['application/json'];
      if(body)html+='<details><summary>Request body</summary><pre>'+esc(JSON.stringify(body.schema,null,2))+'</pre></details>';
      for(const [status,res] of Object.entries(op.responses||{})){const c=res.content&&res.content['application/json'];
        const label=res.description&&res.description!=='Default Response'?res.description:(statusNames[status]||'');
        html+='<details><summary>'+esc(status)+' '+esc(label)+'</summary>'+(c?'<pre>'+esc(JSON.stringify(c.schema,null,2))+'</pre>':'')+'</details>';}
      html+='</div>';}}
  document.getElementById('ops').innerHTML=html;
}).catch(e=>{document.getElementById('ops').textContent='Could not load /openapi.json: '+e;});
</script></body></html>`;
